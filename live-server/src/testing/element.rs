//! Elements and forms of a test view, and the events the official client sends for them.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::dom::{Document, NodeId};
use super::error::TestError;
use super::payload::{
    binding_value, control_values, encode_pairs, flatten, form_controls, input_type, is_button,
    phx_values, unused_name,
};
use super::selector::Selector;
use super::view::{hook_payload, ClientAction, TestView};

/// An element of a [`TestView`], found by a CSS selector (and optionally a text it contains)
/// when it is used.
///
/// ```
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live_server::testing::live(&router, "/")?;
/// let inc = view.element("#inc");
/// assert_eq!(inc.attribute("phx-click")?.as_deref(), Some("inc"));
/// assert!(inc.render_click(())?.contains(">1<"));
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
pub struct Element<'v> {
    view: &'v mut TestView,
    selector: String,
    text: Option<String>,
    typed: Option<String>,
}

impl std::fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Element")
            .field("selector", &self.selector)
            .field("text", &self.text)
            .field("typed", &self.typed)
            .finish()
    }
}

/// One step of a binding: an event name is one `push`; `[[op, args], …]` is JS commands.
enum JsOp {
    Push {
        event: String,
        value: Map<String, Value>,
        target: Option<Value>,
    },
    Navigate {
        href: String,
        replace: bool,
    },
    /// A patch only changes the URL and runs `handle_params`; `replace` is history-only.
    Patch {
        href: String,
    },
}

/// The operations of a binding attribute; JS commands other than `push`, `navigate` and
/// `patch` only change the DOM and are skipped.
fn binding_ops(binding: &str, attribute: &str) -> Result<Vec<JsOp>, TestError> {
    if !binding.starts_with('[') {
        if binding.is_empty() {
            return Err(TestError::Binding(format!(
                "an empty {attribute} sends nothing"
            )));
        }
        return Ok(vec![JsOp::Push {
            event: binding.to_owned(),
            value: Map::new(),
            target: None,
        }]);
    }
    let bad = |why: &str| TestError::Binding(format!("{attribute}: {why}: {binding}"));
    let ops: Vec<(String, Map<String, Value>)> =
        serde_json::from_str(binding).map_err(|_| bad("not JS commands"))?;
    let mut out = Vec::new();
    for (op, args) in ops {
        let href = || {
            args.get("href")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| bad("a navigation without href"))
        };
        let replace = args.get("replace") == Some(&Value::Bool(true));
        match op.as_str() {
            "push" => out.push(JsOp::Push {
                event: args
                    .get("event")
                    .and_then(Value::as_str)
                    .ok_or_else(|| bad("a push without event"))?
                    .to_owned(),
                value: match args.get("value") {
                    None => Map::new(),
                    Some(Value::Object(value)) => value.clone(),
                    Some(_) => return Err(bad("a push value must be an object")),
                },
                target: args.get("target").cloned(),
            }),
            "navigate" => out.push(JsOp::Navigate {
                href: href()?,
                replace,
            }),
            "patch" => out.push(JsOp::Patch { href: href()? }),
            _ => {}
        }
    }
    Ok(out)
}

/// The components an event goes to (`None`: the view), from a JS `target` or `phx-target`
/// (docs/protocol-bindings.md §1.6).
fn targets(
    doc: &Document,
    element: NodeId,
    target: Option<&Value>,
) -> Result<Vec<Option<u64>>, TestError> {
    let target = match target {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => return Err(TestError::Binding(format!("invalid target {other}"))),
        None => match doc.attr(element, "phx-target") {
            Some(target) => target.to_owned(),
            None => return Ok(vec![None]),
        },
    };
    if !target.is_empty() && target.bytes().all(|b| b.is_ascii_digit()) {
        let exists = doc
            .elements()
            .any(|e| doc.attr(e, "data-phx-component") == Some(target.as_str()));
        let cid = target.parse().ok().filter(|_| exists).ok_or_else(|| {
            TestError::Binding(format!(
                "phx-target {target}: no component {target} on the page"
            ))
        })?;
        return Ok(vec![Some(cid)]);
    }
    let selector = Selector::parse(&target).map_err(TestError::Selector)?;
    let found = selector.select(doc);
    if found.is_empty() {
        return Err(TestError::Binding(format!(
            "phx-target {target:?} matches no element"
        )));
    }
    Ok(found
        .into_iter()
        .map(|m| {
            doc.closest(m, |n| doc.attr(n, "data-phx-component").is_some())
                .and_then(|c| doc.attr(c, "data-phx-component"))
                .and_then(|cid| cid.parse().ok())
        })
        .collect())
}

/// The client actions of binding `attribute` (value `binding`) on `element`, for an event of
/// `kind` with the event metadata `meta` and the test's `extra` values.
/// What the user put into an event besides the element's attributes.
#[derive(Default)]
struct UserInput<'a> {
    /// The event metadata (`{"key": …}` for key events).
    meta: Map<String, Value>,
    /// The text typed into the element.
    typed: Option<&'a str>,
    /// The test's values, merged last.
    extra: Map<String, Value>,
}

fn binding_actions(
    doc: &Document,
    element: NodeId,
    kind: &str,
    (attribute, binding): (&str, &str),
    input: &UserInput<'_>,
) -> Result<Vec<ClientAction>, TestError> {
    let mut actions = Vec::new();
    for op in binding_ops(binding, attribute)? {
        match op {
            JsOp::Push {
                event,
                mut value,
                target,
            } => {
                value.extend(input.extra.clone());
                let value = binding_value(doc, element, input.meta.clone(), input.typed, value);
                for cid in targets(doc, element, target.as_ref())? {
                    let mut payload = json!({"type": kind, "event": event, "value": value});
                    if let Some(cid) = cid {
                        payload["cid"] = cid.into();
                    }
                    actions.push(ClientAction::Event(payload));
                }
            }
            JsOp::Navigate { href, replace } => {
                actions.push(ClientAction::Navigate { to: href, replace })
            }
            JsOp::Patch { href } => actions.push(ClientAction::Patch(href)),
        }
    }
    Ok(actions)
}

fn object(value: impl Serialize, what: &str) -> Result<Map<String, Value>, TestError> {
    match serde_json::to_value(value) {
        Ok(Value::Null) => Ok(Map::new()),
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(TestError::Binding(format!(
            "{what} must be an object, got {other}"
        ))),
        Err(err) => Err(TestError::Binding(format!("{what}: {err}"))),
    }
}

impl<'v> Element<'v> {
    pub(crate) fn new(view: &'v mut TestView, selector: &str, text: Option<String>) -> Self {
        Element {
            view,
            selector: selector.to_owned(),
            text,
            typed: None,
        }
    }

    /// The text the user typed into the element (an input, a textarea, a select's choice):
    /// the element's `value` in the next key, blur, focus or click event, as the client reads
    /// it from the DOM.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.element("#name").with_value("Grace").render_blur()?;
    /// assert_eq!(view.frames()[0].payload["value"], serde_json::json!({"value": "Grace"}));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn with_value(mut self, text: &str) -> Self {
        self.typed = Some(text.to_owned());
        self
    }

    fn describe(&self) -> String {
        match &self.text {
            Some(text) => format!("{:?} with text {text:?}", self.selector),
            None => format!("{:?}", self.selector),
        }
    }

    fn matches(&self) -> Result<(Document, Vec<NodeId>), TestError> {
        let selector = Selector::parse(&self.selector).map_err(TestError::Selector)?;
        let doc = Document::parse(self.view.html());
        let found = selector
            .select(&doc)
            .into_iter()
            .filter(|&id| self.text.as_ref().is_none_or(|t| doc.text(id).contains(t)))
            .collect();
        Ok((doc, found))
    }

    fn one(&self) -> Result<(Document, NodeId), TestError> {
        let (doc, found) = self.matches()?;
        match found.as_slice() {
            [one] => {
                let one = *one;
                Ok((doc, one))
            }
            [] => Err(TestError::Element(format!(
                "selector {} matches no element in:\n{}",
                self.describe(),
                self.view.html()
            ))),
            many => Err(TestError::Element(format!(
                "selector {} matches {} elements, one was expected:\n{}",
                self.describe(),
                many.len(),
                many.iter()
                    .map(|&id| format!("  {}", first_line(doc.outer_html(id))))
                    .collect::<Vec<_>>()
                    .join("\n")
            ))),
        }
    }

    /// Whether at least one element matches.
    ///
    /// # Panics
    ///
    /// When the selector is not valid.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.element("button").has_element());
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    #[track_caller]
    pub fn has_element(&self) -> bool {
        match self.matches() {
            Ok((_, found)) => !found.is_empty(),
            Err(err) => panic!("{err}"),
        }
    }

    /// The element's HTML (from its start tag to its end tag).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert_eq!(view.element("#count").render()?, r#"<span id="count">0</span>"#);
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render(&self) -> Result<String, TestError> {
        let (doc, id) = self.one()?;
        Ok(doc.outer_html(id).to_owned())
    }

    /// The element's text (entities decoded, tags removed).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert_eq!(view.element("h1").text()?, "Count: 0");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn text(&self) -> Result<String, TestError> {
        let (doc, id) = self.one()?;
        Ok(doc.text(id))
    }

    /// The value of the element's attribute `name` (decoded), if present.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert_eq!(view.element("#inc").attribute("phx-value-by")?.as_deref(), Some("1"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn attribute(&self, name: &str) -> Result<Option<String>, TestError> {
        let (doc, id) = self.one()?;
        Ok(doc.attr(id, &name.to_ascii_lowercase()).map(str::to_owned))
    }

    /// Clicks the element: the closest `phx-click` (the element's or an ancestor's) sends a
    /// `click` event whose value is built as the client builds it (`phx-value-*`, the element's
    /// `value`, then `value` here, as a `JS.push` value); a live link patches or navigates, a
    /// plain link loads the page. JS commands (`push`, `navigate`, `patch`) run in order.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// let html = view.element("#inc").render_click(serde_json::json!({"by": "5"}))?;
    /// assert!(html.contains(r#"<span id="count">5</span>"#));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_click(self, value: impl Serialize) -> Result<String, TestError> {
        let extra = object(value, "the click value")?;
        let (doc, element) = self.one()?;
        let mut current = Some(element);
        while let Some(node) = current {
            if let Some(binding) = doc.attr(node, "phx-click") {
                if doc.attr(node, "disabled").is_some() {
                    return Err(TestError::Binding(format!(
                        "{} is disabled: the client ignores the click",
                        self.describe()
                    )));
                }
                let input = UserInput {
                    typed: self.typed.as_deref().filter(|_| node == element),
                    extra,
                    ..UserInput::default()
                };
                let actions = binding_actions(&doc, node, "click", ("phx-click", binding), &input)?;
                return self.view.perform(actions);
            }
            if doc.name(node) == Some("a") {
                if let Some(href) = doc.attr(node, "href") {
                    let action = match doc.attr(node, "data-phx-link") {
                        Some("patch") => ClientAction::Patch(href.to_owned()),
                        Some("redirect") => ClientAction::Navigate {
                            to: href.to_owned(),
                            replace: doc.attr(node, "data-phx-link-state") == Some("replace"),
                        },
                        Some(other) => {
                            return Err(TestError::Binding(format!(
                                "data-phx-link={other:?} is not a link kind the client knows"
                            )))
                        }
                        None if href.starts_with('#') => {
                            return Err(TestError::Binding(format!(
                                "{} is an in-page link: nothing reaches the server",
                                self.describe()
                            )))
                        }
                        None => ClientAction::Load(href.to_owned()),
                    };
                    return self.view.perform(vec![action]);
                }
            }
            current = doc.parent_element(node);
        }
        Err(TestError::Binding(format!(
            "{} has no phx-click (nor an ancestor) and is not in a link",
            self.describe()
        )))
    }

    fn key_event(self, kind: &str, key: &str) -> Result<String, TestError> {
        let (doc, element) = self.one()?;
        let attribute = format!("phx-{kind}");
        let window = format!("phx-window-{kind}");
        let Some((name, binding)) = [&attribute, &window]
            .into_iter()
            .find_map(|a| doc.attr(element, a).map(|b| (a.clone(), b)))
        else {
            return Err(TestError::Binding(format!(
                "{} has no {attribute} nor {window}",
                self.describe()
            )));
        };
        // `phx-key` filters on the client: another key sends nothing.
        if doc
            .attr(element, "phx-key")
            .is_some_and(|filter| !filter.eq_ignore_ascii_case(key))
        {
            return self.view.perform(Vec::new());
        }
        let mut meta = Map::new();
        meta.insert("key".to_owned(), key.into());
        let input = UserInput {
            meta,
            typed: self.typed.as_deref(),
            ..UserInput::default()
        };
        let actions = binding_actions(&doc, element, kind, (&name, binding), &input)?;
        self.view.perform(actions)
    }

    /// Presses `key` on the element: `phx-keydown` (or `phx-window-keydown`) sends a `keydown`
    /// event with `{"key": key}` and the element's values; `phx-key` filters.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.element("#keys").render_keydown("ArrowUp")?.contains(">1<"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_keydown(self, key: &str) -> Result<String, TestError> {
        self.key_event("keydown", key)
    }

    /// Releases `key` on the element (`phx-keyup`, `phx-window-keyup`).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// // The demo's input listens to Escape only: another key sends nothing.
    /// view.element("#name").render_keyup("a")?;
    /// assert!(view.frames().is_empty());
    /// view.element("#name").render_keyup("Escape")?;
    /// assert_eq!(view.frames()[0].payload["event"], "cleared");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_keyup(self, key: &str) -> Result<String, TestError> {
        self.key_event("keyup", key)
    }

    fn focus_event(self, kind: &str) -> Result<String, TestError> {
        let (doc, element) = self.one()?;
        let attribute = format!("phx-{kind}");
        // focusin/focusout bubble: the closest binding fires; the window variant is the
        // element's own.
        let found = doc
            .closest(element, |n| doc.attr(n, &attribute).is_some())
            .map(|n| (n, attribute.clone()))
            .or_else(|| {
                let window = format!("phx-window-{kind}");
                doc.attr(element, &window).map(|_| (element, window))
            });
        let Some((node, name)) = found else {
            return Err(TestError::Binding(format!(
                "{} has no phx-{kind} (nor an ancestor)",
                self.describe()
            )));
        };
        let binding = doc.attr(node, &name).unwrap_or_default();
        let input = UserInput {
            typed: self.typed.as_deref().filter(|_| node == element),
            ..UserInput::default()
        };
        let actions = binding_actions(&doc, node, kind, (&name, binding), &input)?;
        self.view.perform(actions)
    }

    /// The element loses focus (`phx-blur`).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.element("#name").render_blur()?;
    /// assert_eq!(view.frames()[0].payload["value"], serde_json::json!({"value": ""}));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_blur(self) -> Result<String, TestError> {
        self.focus_event("blur")
    }

    /// The element gains focus (`phx-focus`).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.element("#name").render_focus()?.contains("Focused"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_focus(self) -> Result<String, TestError> {
        self.focus_event("focus")
    }

    /// Pushes a hook event from the element (which needs `phx-hook`), as `pushEventTo` on it:
    /// to the component of its `phx-target`, or to the view.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.element("#map").render_hook("moved", serde_json::json!({"x": 5}))?;
    /// view.assert_reply(serde_json::json!({"x": 5}));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_hook(self, event: &str, value: impl Serialize) -> Result<String, TestError> {
        let (doc, element) = self.one()?;
        if doc.attr(element, "phx-hook").is_none() {
            return Err(TestError::Binding(format!(
                "{} has no phx-hook",
                self.describe()
            )));
        }
        let payload = hook_payload(event, value)?;
        let mut actions = Vec::new();
        for cid in targets(&doc, element, None)? {
            let mut payload = payload.clone();
            if let Some(cid) = cid {
                payload["cid"] = cid.into();
            }
            actions.push(ClientAction::Event(payload));
        }
        self.view.perform(actions)
    }

    /// Scrolls the element's first child into view while scrolling up: its `phx-viewport-top`
    /// sends a `js` event whose value is `{"id": <first child's id>}` and the element's
    /// `phx-value-*` (the client's `Phoenix.InfiniteScroll` hook).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.element("#count").render_viewport_top().is_err(), "no phx-viewport-top");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_viewport_top(self) -> Result<String, TestError> {
        self.viewport("top")
    }

    /// Scrolls the element's last child into view while scrolling down: its
    /// `phx-viewport-bottom` sends a `js` event whose value is `{"id": <last child's id>}` and
    /// the element's `phx-value-*`.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.element("#count").render_viewport_bottom().is_err(), "no phx-viewport-bottom");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_viewport_bottom(self) -> Result<String, TestError> {
        self.viewport("bottom")
    }

    fn viewport(self, edge: &str) -> Result<String, TestError> {
        let (doc, element) = self.one()?;
        let attribute = format!("phx-viewport-{edge}");
        let Some(binding) = doc.attr(element, &attribute) else {
            return Err(TestError::Binding(format!(
                "{} has no {attribute}",
                self.describe()
            )));
        };
        let mut children = doc.element_children(element);
        let child = if edge == "top" {
            children.next()
        } else {
            children.last()
        };
        let Some(id) = child.and_then(|child| doc.attr(child, "id")) else {
            return Err(TestError::Binding(format!(
                "{} has no child with an id to scroll into view",
                self.describe()
            )));
        };
        let mut extra = Map::new();
        extra.insert("id".to_owned(), id.into());
        let input = UserInput {
            extra,
            ..UserInput::default()
        };
        let actions = binding_actions(&doc, element, "js", (&attribute, binding), &input)?;
        self.view.perform(actions)
    }
}

fn first_line(html: &str) -> &str {
    let end = html.find('>').map_or(html.len(), |i| i + 1);
    &html[..end]
}

/// A form of a [`TestView`] with values typed in, ready to send a change or a submit exactly
/// as the official client encodes them.
///
/// ```
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live_server::testing::live(&router, "/")?;
/// view.form("#greet", serde_json::json!({"name": "Jo"})).render_change()?;
/// assert_eq!(
///     view.frames()[0].payload["value"],
///     "name=Jo&_unused_mood=&mood=calm"
/// );
/// assert_eq!(view.frames()[0].payload["meta"], serde_json::json!({"_target": "name"}));
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
pub struct Form<'v> {
    view: &'v mut TestView,
    selector: String,
    values: Result<Value, String>,
    target: Option<String>,
    submitter: Option<String>,
    uploads: Option<Value>,
}

impl std::fmt::Debug for Form<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Form")
            .field("selector", &self.selector)
            .field("values", &self.values)
            .field("target", &self.target)
            .field("submitter", &self.submitter)
            .finish()
    }
}

/// Field names and values, in order.
type Fields = Vec<(String, String)>;

/// One name/value pair of a serialised form, with the control it comes from.
struct Entry {
    name: String,
    value: String,
    control: NodeId,
}

impl<'v> Form<'v> {
    pub(crate) fn new(
        view: &'v mut TestView,
        selector: &str,
        values: Result<Value, String>,
    ) -> Self {
        Form {
            view,
            selector: selector.to_owned(),
            values,
            target: None,
            submitter: None,
            uploads: None,
        }
    }

    /// The `uploads` of the change event (files chosen in an upload input); `{}` by default.
    pub(crate) fn with_uploads(mut self, uploads: Value) -> Self {
        self.uploads = Some(uploads);
        self
    }

    /// The field the change comes from (`_target`); by default the first field of the form,
    /// in document order, among the values given (or `"undefined"` without values).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.form("#greet", serde_json::json!({"name": "Jo", "mood": "glad"}))
    ///     .target("mood")
    ///     .render_change()?;
    /// assert_eq!(view.frames()[0].payload["meta"]["_target"], "mood");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn target(mut self, name: &str) -> Self {
        self.target = Some(name.to_owned());
        self
    }

    /// The button (a selector) that submits the form: its `name=value` is sent at its place.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.form("#greet", serde_json::json!({"name": "Jo"})).submitter("#shout").render_submit()?;
    /// assert_eq!(view.frames()[0].payload["value"], "name=Jo&mood=calm&loud=yes");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn submitter(mut self, selector: &str) -> Self {
        self.submitter = Some(selector.to_owned());
        self
    }

    fn find(&self) -> Result<(Document, NodeId, Fields), TestError> {
        let given = match &self.values {
            Ok(values) => flatten(values).map_err(TestError::Form)?,
            Err(err) => return Err(TestError::Form(err.clone())),
        };
        let selector = Selector::parse(&self.selector).map_err(TestError::Selector)?;
        let doc = Document::parse(self.view.html());
        let found = selector.select(&doc);
        let form = match found.as_slice() {
            [form] => *form,
            [] => {
                return Err(TestError::Element(format!(
                    "selector {:?} matches no form",
                    self.selector
                )))
            }
            many => {
                return Err(TestError::Element(format!(
                    "selector {:?} matches {} elements, one form was expected",
                    self.selector,
                    many.len()
                )))
            }
        };
        if doc.name(form) != Some("form") {
            return Err(TestError::Element(format!(
                "selector {:?} matches a <{}>, not a <form>",
                self.selector,
                doc.name(form).unwrap_or_default()
            )));
        }
        Ok((doc, form, given))
    }

    fn form_key(&self, doc: &Document, form: NodeId) -> String {
        doc.attr(form, "id")
            .map_or_else(|| self.selector.clone(), |id| format!("#{id}"))
    }

    /// Sends the form's `phx-change` (or that of the changed field, when it has its own): the
    /// whole form URL-encoded with the values given, `_unused_` markers for fields not typed
    /// into yet, and `_target` in `meta`.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// let html = view.form("#greet", serde_json::json!({"name": "Jo"})).render_change()?;
    /// assert!(html.contains("Typing: Jo"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_change(self) -> Result<String, TestError> {
        let (doc, form, given) = self.find()?;
        let controls = form_controls(&doc, form);
        check_fields(&doc, &controls, &given)?;
        let target = match &self.target {
            Some(target) => {
                if !controls
                    .iter()
                    .any(|&c| doc.attr(c, "name") == Some(target))
                {
                    return Err(TestError::Form(format!(
                        "the form has no field named {target:?}"
                    )));
                }
                target.clone()
            }
            None => controls
                .iter()
                .filter_map(|&c| doc.attr(c, "name"))
                .find(|name| given.iter().any(|(n, _)| n == name))
                .unwrap_or("undefined")
                .to_owned(),
        };
        let changed = controls
            .iter()
            .copied()
            .find(|&c| doc.attr(c, "name") == Some(target.as_str()));
        let (bound, binding) = match changed.and_then(|c| doc.attr(c, "phx-change").map(|b| (c, b)))
        {
            Some(own) => own,
            None => match doc.attr(form, "phx-change") {
                Some(binding) => (form, binding),
                None => {
                    return Err(TestError::Binding(format!(
                        "form {:?} has no phx-change",
                        self.selector
                    )))
                }
            },
        };
        let only = (bound != form).then_some(target.as_str());
        let entries = serialize(&doc, &controls, &given, None, only);
        let key = self.form_key(&doc, form);
        let no_unused = doc.attr(form, "phx-no-unused-field").is_some();
        let used = self.view.used_fields(&key);
        used.extend(given.iter().map(|(name, _)| name.clone()));
        let used = used.clone();
        let mut pairs: Vec<(String, String)> = Vec::new();
        for entry in entries {
            let hidden_only = controls
                .iter()
                .filter(|&&c| doc.attr(c, "name") == Some(entry.name.as_str()))
                .all(|&c| doc.name(c) == Some("input") && input_type(&doc, c) == "hidden");
            if !used.contains(&entry.name)
                && !hidden_only
                && !no_unused
                && doc.attr(entry.control, "phx-no-unused-field").is_none()
            {
                pairs.push((unused_name(&entry.name), String::new()));
            }
            pairs.push((entry.name, entry.value));
        }
        let value = encode_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let mut meta = Map::new();
        meta.insert("_target".to_owned(), target.into());
        meta.extend(phx_values(&doc, form));
        let uploads = self.uploads.clone().unwrap_or_else(|| json!({}));
        let actions = form_actions(
            &doc,
            bound,
            "phx-change",
            binding,
            &value,
            &meta,
            Some(&uploads),
        )?;
        self.view.perform(actions)
    }

    /// Sends the form's `phx-submit`: the whole form URL-encoded with the values given (and the
    /// submitter's `name=value`), `phx-value-*` of the form in `meta`.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// let html = view.form("#greet", serde_json::json!({"name": "Jo", "mood": "glad"})).render_submit()?;
    /// assert!(html.contains("Hello, Jo!"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_submit(self) -> Result<String, TestError> {
        let (doc, form, given) = self.find()?;
        let Some(binding) = doc.attr(form, "phx-submit") else {
            return Err(TestError::Binding(format!(
                "form {:?} has no phx-submit: it would be submitted over HTTP",
                self.selector
            )));
        };
        let controls = form_controls(&doc, form);
        check_fields(&doc, &controls, &given)?;
        let submitter = match &self.submitter {
            None => None,
            Some(selector) => {
                let parsed = Selector::parse(selector).map_err(TestError::Selector)?;
                let found: Vec<NodeId> = parsed
                    .select(&doc)
                    .into_iter()
                    .filter(|&b| controls.contains(&b) && is_button(&doc, b))
                    .collect();
                match found.as_slice() {
                    [button] => Some(*button),
                    _ => {
                        return Err(TestError::Element(format!(
                        "submitter {selector:?} matches {} buttons of the form, one was expected",
                        found.len()
                    )))
                    }
                }
            }
        };
        let entries = serialize(&doc, &controls, &given, submitter, None);
        let key = self.form_key(&doc, form);
        let names: HashSet<String> = controls
            .iter()
            .filter_map(|&c| doc.attr(c, "name").map(str::to_owned))
            .collect();
        self.view.used_fields(&key).extend(names);
        let value = encode_pairs(entries.iter().map(|e| (e.name.as_str(), e.value.as_str())));
        let meta = phx_values(&doc, form);
        let actions = form_actions(&doc, form, "phx-submit", binding, &value, &meta, None)?;
        self.view.perform(actions)
    }
}

/// Every given field must be an enabled field of the form.
fn check_fields(
    doc: &Document,
    controls: &[NodeId],
    given: &[(String, String)],
) -> Result<(), TestError> {
    let fields: Vec<&str> = controls
        .iter()
        .filter(|&&c| doc.attr(c, "disabled").is_none() && !is_button(doc, c))
        .filter_map(|&c| doc.attr(c, "name"))
        .collect();
    for (name, _) in given {
        if !fields.contains(&name.as_str()) {
            return Err(TestError::Form(format!(
                "the form has no enabled field named {name:?}; its fields: {fields:?}"
            )));
        }
    }
    Ok(())
}

/// The form's entries in document order: typed values replace the defaults of their field
/// (at its first control), unchecked boxes and buttons contribute nothing, except the
/// submitter.
fn serialize(
    doc: &Document,
    controls: &[NodeId],
    given: &[(String, String)],
    submitter: Option<NodeId>,
    only: Option<&str>,
) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut done: HashSet<&str> = HashSet::new();
    for &control in controls {
        let Some(name) = doc.attr(control, "name").filter(|n| !n.is_empty()) else {
            continue;
        };
        if doc.attr(control, "disabled").is_some() || only.is_some_and(|o| o != name) {
            continue;
        }
        let entry = |value: &str| Entry {
            name: name.to_owned(),
            value: value.to_owned(),
            control,
        };
        if Some(control) == submitter {
            entries.push(entry(doc.attr(control, "value").unwrap_or("")));
            continue;
        }
        if is_button(doc, control) {
            continue;
        }
        if given.iter().any(|(n, _)| n == name) {
            if done.insert(name) {
                for (_, value) in given.iter().filter(|(n, _)| n == name) {
                    entries.push(entry(value));
                }
            }
            continue;
        }
        for value in control_values(doc, control) {
            entries.push(entry(&value));
        }
    }
    entries
}

/// The events of a form binding: one per `push` (JS commands) and target.
fn form_actions(
    doc: &Document,
    bound: NodeId,
    attribute: &str,
    binding: &str,
    value: &str,
    meta: &Map<String, Value>,
    uploads: Option<&Value>,
) -> Result<Vec<ClientAction>, TestError> {
    let mut actions = Vec::new();
    for op in binding_ops(binding, attribute)? {
        let JsOp::Push {
            event,
            value: push_value,
            target,
        } = op
        else {
            continue;
        };
        let mut meta = meta.clone();
        meta.extend(push_value);
        for cid in targets(doc, bound, target.as_ref())? {
            let mut payload = json!({"type": "form", "event": event, "value": value, "meta": meta});
            if let Some(uploads) = uploads {
                payload["uploads"] = uploads.clone();
            }
            if let Some(cid) = cid {
                payload["cid"] = cid.into();
            }
            actions.push(ClientAction::Event(payload));
        }
    }
    Ok(actions)
}
