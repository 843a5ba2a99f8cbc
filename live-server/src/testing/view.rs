//! A mounted test view: the join, the client's merged tree, and the frames of each
//! interaction. The view's protocol decisions are live-core's [`ViewChannel`], the same code
//! the server's view task runs; [`TestRuntime`] carries out its effects in-process.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use live_core::protocol::{
    End, JoinRequest, NavigationKind, Output, Refusal, Reply, Step, ViewChannel,
};
use live_core::runtime::ViewFactory;
use live_core::socket::{AnyMessage, MessageSink, TimerId};
use live_core::{Flash, Params, Session, TerminateReason};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::app::{redirect, NavigationFrom, Shared};
use super::element::{Element, Form};
use super::error::{Mismatch, TestError};
use super::executor::{Completion, Executor};
use super::frame::{to_client, to_server, Direction, Frame};
use super::merge::{MergedTree, PushEvent};
use super::nested::TestHost;
use super::runtime::{PatchScope, TestRuntime, TimerInfo};
use super::stream_dom::StreamDom;
use super::{oracle, snapshot};
use crate::router::on_mount::MountContext;

/// Messages one interaction may process before the harness calls it a loop.
const MAX_MESSAGES: usize = 10_000;

/// How long [`TestView::render_async`] waits for tasks.
const ASYNC_LIMIT: Duration = Duration::from_secs(10);

/// What a client does on the page, in order; events go to the server, links navigate.
pub(crate) enum ClientAction {
    /// An `event` push with this payload.
    Event(Value),
    /// A patch link or `JS.patch`; recorded for [`TestView::assert_patch`].
    Patch(String),
    /// A navigate link or `JS.navigate`.
    Navigate { to: String, replace: bool },
    /// A plain link: a full page load.
    Load(String),
}

/// A mounted view seen from the client: it went through the static render and the join, and
/// holds the HTML the official client would hold, merged from the join and every diff.
///
/// After every diff the harness compares that HTML with the server's own full render of the
/// view's state; a difference is a wrong diff, reported as [`TestError::Mismatch`].
///
/// ```
/// use live_server::testing::live;
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live(&router, "/")?;
/// let html = view.element("#inc").render_click(())?;
/// assert!(html.contains("<span id=\"count\">1</span>"));
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
pub struct TestView {
    id: String,
    /// The live session the view belongs to (live navigation stays within it).
    live_session: String,
    name: &'static str,
    /// The session of the page's token (live navigation carries it on).
    token_session: Session,
    channel: Option<ViewChannel>,
    runtime: TestRuntime,
    client: MergedTree,
    /// The rows of stream containers, which the client keeps in its DOM only.
    stream_dom: StreamDom,
    /// The client's render of its tree after the last diff (what the Node oracle renders).
    merged_html: String,
    html: String,
    static_html: String,
    url: String,
    title: Option<String>,
    events: VecDeque<PushEvent>,
    replies: VecDeque<Value>,
    patches: VecDeque<String>,
    ended: Option<TestError>,
    frames: Vec<Frame>,
    steps: Vec<Value>,
    used_fields: HashMap<String, HashSet<String>>,
    /// The files chosen through [`TestView::file_input`] and how far each got.
    uploads: super::upload::ChosenFiles,
}

impl std::fmt::Debug for TestView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestView")
            .field("id", &self.id)
            .field("url", &self.url)
            .field("view", &self.name)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

/// What a join needs: the view to mount and where, the container id, the token's session and
/// flash.
pub(super) struct Join<'a> {
    pub(super) factory: &'a dyn ViewFactory,
    /// Where patches may land: the view's route, or anywhere for an isolated view.
    pub(super) scope: PatchScope,
    pub(super) live_session: String,
    pub(super) params: Params,
    pub(super) id: String,
    pub(super) url: String,
    /// The session of the page's token.
    pub(super) session: Session,
    pub(super) flash: Flash,
    /// The static render's HTML (empty for a live navigation).
    pub(super) static_html: String,
    pub(super) live_navigation: bool,
    /// The id of the view that rendered this one (a nested, non-sticky view).
    pub(super) parent: Option<String>,
    /// A nested view (rendered with `live_render`): joined without a URL.
    pub(super) nested: bool,
}

/// The join (docs/protocol.md §3): mounts through the shared [`ViewChannel`] and takes in its
/// reply as the client does.
pub(super) fn join(shared: &Shared, join: Join<'_>) -> Result<TestView, TestError> {
    let Join {
        factory,
        scope,
        live_session,
        params,
        id,
        url,
        session: token_session,
        flash,
        static_html,
        live_navigation,
        parent,
        nested,
    } = join;
    let mut mount_session = token_session.clone();
    mount_session.set_state(shared.state.clone());
    let mut connect_params = shared.connect_params.clone();
    connect_params.insert("_mounts".into(), 0.into());
    mount_session.set_connect_params(connect_params);
    let host = TestHost::new(shared.nesting.clone(), &token_session, shared.state.clone());
    mount_session.set_nested_host(Arc::new(host));
    if let PatchScope::Routed(route) = &scope {
        let mut ctx = MountContext {
            params: &params,
            session: &mut mount_session,
            connected: true,
            uri: &url,
        };
        if let Err(halt) = route.on_mount(&mut ctx) {
            return Err(TestError::Redirect(Box::new(redirect(
                shared, halt.to, halt.flash, None,
            ))));
        }
    }
    let mut runtime = TestRuntime::new(shared.clone(), scope);
    let sink: Arc<dyn MessageSink> = runtime.inbox.clone();
    shared.nesting.joined(&id, sink.clone(), parent);
    let request = JoinRequest {
        reference: None,
        params: &params,
        url: (!nested).then_some(url.as_str()),
        flash: flash.clone(),
    };
    let (channel, step) = ViewChannel::join(
        || factory.mount(&id, &params, &mount_session, Some(sink)),
        request,
        &mut runtime,
    )
    .map_err(|why| TestError::Crash(format!("connected mount: {why}")))?;
    let mut test = TestView {
        client: MergedTree::new(id.clone()),
        stream_dom: StreamDom::default(),
        merged_html: String::new(),
        id,
        live_session,
        name: factory.name(),
        token_session,
        channel: Some(channel),
        runtime,
        html: String::new(),
        static_html,
        url: url.clone(),
        title: None,
        events: VecDeque::new(),
        replies: VecDeque::new(),
        patches: VecDeque::new(),
        ended: None,
        frames: Vec::new(),
        steps: Vec::new(),
        used_fields: HashMap::new(),
        uploads: Default::default(),
    };
    let mut join_payload = Map::new();
    if !nested {
        join_payload.insert(
            if live_navigation { "redirect" } else { "url" }.to_owned(),
            url.into(),
        );
    }
    if live_navigation && !flash.is_empty() {
        join_payload.insert("flash".to_owned(), flash.to_json());
    }
    test.frames
        .push(to_server("phx_join", Value::Object(join_payload)));
    test.take_in(step)?;
    test.drain_inbox()?;
    Ok(test)
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

impl TestView {
    // ---- nested views ----

    /// Joins the child view `id` that this view rendered with
    /// [`live_render`](live_core::live_render) (or a sticky view it rendered), as the client
    /// does after the parent's join: a view of its own, driven like any other. Phoenix's
    /// `find_live_child`. Messages between the two go through their handles
    /// ([`Socket::parent`](live_core::Socket::parent), [`Socket::child`](live_core::Socket::child))
    /// and are processed at each view's next interaction.
    ///
    /// ```
    /// use live_server::testing::live;
    /// # let router = live_server::testing::__fixture::router();
    /// let mut page = live(&router, "/nested")?;
    /// let mut clock = page.find_live_child("fixture-clock")?;
    /// assert!(clock.render().contains("Ticks: 0"));
    /// clock.element("#tick").render_click(())?;
    /// assert!(clock.render().contains("Ticks: 1"));
    /// // The parent heard of it through its handle, and its own state is its own.
    /// assert!(page.render().contains("The clock ticked 1 time(s)"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn find_live_child(&mut self, id: &str) -> Result<TestView, TestError> {
        let html = self.try_render()?;
        let shared = self.runtime.shared.clone();
        let child = shared
            .nesting
            .child(id)
            .filter(|child| child.sticky || child.parent == self.id)
            .filter(|_| html.contains(&format!("<div id=\"{id}\" data-phx-session=")));
        let Some(child) = child else {
            return Err(TestError::Element(format!(
                "no child view #{id} rendered by {}",
                self.name
            )));
        };
        join(
            &shared,
            Join {
                factory: child.factory,
                scope: PatchScope::Nested,
                live_session: self.live_session.clone(),
                params: Params::default(),
                id: id.to_owned(),
                url: self.url.clone(),
                session: Session::from_map(child.session),
                flash: Flash::default(),
                static_html: String::new(),
                live_navigation: false,
                parent: (!child.sticky).then(|| self.id.clone()),
                nested: true,
            },
        )
    }

    // ---- reading ----

    /// The HTML the client holds now (the view container's content), after processing the
    /// messages queued for the view (PubSub broadcasts, handle sends).
    ///
    /// # Panics
    ///
    /// When processing a queued message crashes the view or yields a wrong diff; use
    /// [`try_render`](TestView::try_render) to get that as an error.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.render().starts_with("<div id=\"demo\">"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    #[track_caller]
    pub fn render(&mut self) -> String {
        match self.try_render() {
            Ok(html) => html,
            Err(err) => panic!("{err}"),
        }
    }

    /// Like [`render`](TestView::render), with a failure as an error. After the view ended
    /// (navigation, crash) it returns the last HTML.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.try_render()?.contains("Count"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn try_render(&mut self) -> Result<String, TestError> {
        if self.ended.is_none() {
            self.drain_inbox()?;
        }
        Ok(self.html.clone())
    }

    /// The HTML of the static (disconnected) render, as the page came over HTTP; empty for a
    /// view reached by live navigation.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let view = live_server::testing::live(&router, "/")?;
    /// assert!(view.static_html().contains("Count"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn static_html(&self) -> &str {
        &self.static_html
    }

    /// The view's id (its container's DOM id; stable within a [`LiveTest`](super::LiveTest)).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let view = live_server::testing::live(&router, "/")?;
    /// assert!(view.id().starts_with("phx-"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The view's URL as `handle_params` saw it (it follows patches): the test client's origin
    /// (`http://localhost:4000` unless set with [`LiveTest::origin`](super::LiveTest::origin))
    /// and the path. [`path`](TestView::path) gives the path and query alone.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let view = live_server::testing::live(&router, "/?tab=2")?;
    /// assert_eq!(view.url(), "http://localhost:4000/?tab=2");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The path and query of [`url`](TestView::url).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.render_patch("/?tab=3")?;
    /// assert_eq!(view.path(), "/?tab=3");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn path(&self) -> &str {
        self.url
            .strip_prefix(&self.runtime.shared.origin)
            .unwrap_or(&self.url)
    }

    /// The page title the client shows (the last `"t"` it received).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let view = live_server::testing::live(&router, "/")?;
    /// assert_eq!(view.page_title(), Some("Demo"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn page_title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The view's flash, as the server holds it (empty once the view ended).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let view = live_server::testing::live(&router, "/")?;
    /// assert!(view.flash().is_empty());
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn flash(&self) -> Flash {
        self.channel
            .as_ref()
            .map(|c| c.flash().clone())
            .unwrap_or_default()
    }

    /// Why the view ended: a [`TestError::Redirect`] / [`TestError::LiveRedirect`] after a
    /// navigation, a crash, or a wrong diff; `None` while it runs.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.ended().is_none());
    /// let _ = view.element("#leave").render_click(());
    /// assert!(view.ended().is_some());
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn ended(&self) -> Option<&TestError> {
        self.ended.as_ref()
    }

    /// The element matching `selector` (CSS: type, `#id`, `.class`, attribute selectors,
    /// descendant/child/sibling combinators, a few pseudo-classes). The match happens when the
    /// element is used; queued messages are processed first.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert_eq!(view.element("h1 > #count").text()?, "0");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn element(&mut self, selector: &str) -> Element<'_> {
        let _ = self.try_render();
        Element::new(self, selector, None)
    }

    /// The element matching `selector` whose text contains `text`.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.element_with_text("button", "+").has_element());
    /// assert!(!view.element_with_text("button", "nothing like this").has_element());
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn element_with_text(&mut self, selector: &str, text: &str) -> Element<'_> {
        let _ = self.try_render();
        Element::new(self, selector, Some(text.to_owned()))
    }

    /// Whether an element matches `selector`.
    ///
    /// # Panics
    ///
    /// When `selector` is not a valid selector.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.has_element("button#inc[phx-click=inc]"));
    /// assert!(!view.has_element("#missing"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    #[track_caller]
    pub fn has_element(&mut self, selector: &str) -> bool {
        self.element(selector).has_element()
    }

    /// The form matching `selector`, with `values` typed in (nested objects become bracketed
    /// names: `{"user": {"name": "Jo"}}` fills `user[name]`).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// let html = view.form("#greet", serde_json::json!({"name": "Ada"})).render_submit()?;
    /// assert!(html.contains("Hello, Ada!"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn form(&mut self, selector: &str, values: impl Serialize) -> Form<'_> {
        let _ = self.try_render();
        let values = serde_json::to_value(values).map_err(|err| err.to_string());
        Form::new(self, selector, values)
    }

    /// The frames of the last interaction: what the client sent and what it received, in
    /// order.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.element("#inc").render_click(())?;
    /// let frames: Vec<String> = view.frames().iter().map(|f| f.to_string()).collect();
    /// assert_eq!(frames, [
    ///     r#"→ event {"event":"inc","type":"click","value":{"by":"1","value":""}}"#,
    ///     r#"← reply {"diff":{"0":"1"}}"#,
    /// ]);
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// The pushed events (`push_event`) received and not yet asserted, oldest first.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.element("#ping").render_click(())?;
    /// assert_eq!(view.push_events()[0].name, "pong");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn push_events(&self) -> Vec<PushEvent> {
        self.events.iter().cloned().collect()
    }

    /// The timers the view started and that did not fire for good yet.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let view = live_server::testing::live(&router, "/")?;
    /// assert_eq!(view.timers().len(), 1, "the demo ticks every second");
    /// assert!(view.timers()[0].repeat);
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn timers(&self) -> Vec<TimerInfo> {
        self.runtime.timers.iter().map(|t| t.info).collect()
    }

    // ---- acting ----

    /// Sends a client-initiated `live_patch` to `path` (a patch link, back/forward): the view
    /// runs `handle_params` when `path` routes to it in the same live session; otherwise the
    /// client navigates instead ([`TestError::LiveRedirect`]).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.render_patch("/?tab=2")?.contains("Tab 2"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_patch(&mut self, path: &str) -> Result<String, TestError> {
        self.begin()?;
        self.client_patch(path, false)?;
        self.drain_inbox()?;
        Ok(self.html.clone())
    }

    /// Pushes a hook event (`this.pushEvent(event, value)` in a hook): to the view, with the
    /// value as given (`null` becomes `{}`). The reply, if any, is checked with
    /// [`assert_reply`](TestView::assert_reply).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.render_hook("moved", serde_json::json!({"x": 3}))?;
    /// view.assert_reply(serde_json::json!({"x": 3}));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_hook(&mut self, event: &str, value: impl Serialize) -> Result<String, TestError> {
        let payload = hook_payload(event, value)?;
        self.perform(vec![ClientAction::Event(payload)])
    }

    /// Sends `message` to the view's `handle_info`, as a timer, PubSub or a view handle would.
    /// A message of another type than the view's `Info` is refused with
    /// [`TestError::WrongMessage`].
    ///
    /// ```
    /// use live_server::testing::__fixture::DemoMsg;
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.send(DemoMsg::Set(41))?.contains(">41<"));
    /// assert!(view.send("not a DemoMsg").is_err());
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn send<M: Send + 'static>(&mut self, message: M) -> Result<String, TestError> {
        self.begin()?;
        self.process_info(Box::new(message))?;
        self.drain_inbox()?;
        Ok(self.html.clone())
    }

    /// Runs the async tasks the view started (`assign_async`, `start_async`) to completion on
    /// a private runtime, delivering each result as the server does; tasks started by those
    /// results run too. Gives up after 10 s with [`TestError::AsyncTimeout`].
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.element("#load").render_click(())?;
    /// assert!(view.render().contains("Loading"));
    /// assert!(view.render_async()?.contains("Loaded 42"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_async(&mut self) -> Result<String, TestError> {
        self.render_async_within(ASYNC_LIMIT)
    }

    /// Like [`render_async`](TestView::render_async) with another time limit.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.element("#load").render_click(())?;
    /// view.render_async_within(std::time::Duration::from_secs(1))?;
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_async_within(&mut self, limit: Duration) -> Result<String, TestError> {
        self.begin()?;
        let mut executor = Executor::new(limit)
            .map_err(|err| TestError::AsyncTimeout(format!("no async runtime: {err}")))?;
        let mut processed = 0;
        loop {
            for name in self.runtime.cancelled.drain(..) {
                executor.cancel(&name);
            }
            for task in self.runtime.tasks.drain(..) {
                executor.start(task);
            }
            match executor.next() {
                Completion::Idle => break,
                Completion::TimedOut(names) => {
                    return Err(TestError::AsyncTimeout(format!(
                        "async tasks still running after {limit:?}: {}",
                        names.join(", ")
                    )))
                }
                Completion::Message(message) => {
                    self.process_info(message)?;
                    self.drain_inbox()?;
                    processed += 1;
                    if processed > MAX_MESSAGES {
                        return Err(self.loop_detected());
                    }
                }
            }
            if self.ended.is_some() {
                break;
            }
        }
        Ok(self.html.clone())
    }

    /// Advances the view's virtual clock by `by`, firing every timer that falls due on the
    /// way, in order (an interval as many times as it fits).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// let html = view.advance(std::time::Duration::from_secs(3))?;
    /// assert!(html.contains("Ticks: 3"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn advance(&mut self, by: Duration) -> Result<String, TestError> {
        self.begin()?;
        let target = self.runtime.clock + by;
        let mut fired = 0;
        while let Some(id) = self
            .runtime
            .timers
            .iter()
            .filter(|t| t.info.due <= target)
            .min_by_key(|t| (t.info.due, t.info.id.0))
            .map(|t| t.info.id)
        {
            self.fire(id)?;
            fired += 1;
            if fired > MAX_MESSAGES || self.ended.is_some() {
                break;
            }
        }
        if fired > MAX_MESSAGES {
            return Err(self.loop_detected());
        }
        self.runtime.clock = self.runtime.clock.max(target);
        Ok(self.html.clone())
    }

    /// Fires every current timer once, soonest first, whatever its delay (the clock moves to
    /// the last one fired).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.fire_timers()?.contains("Ticks: 1"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn fire_timers(&mut self) -> Result<String, TestError> {
        self.begin()?;
        let mut due: Vec<TimerInfo> = self.timers();
        due.sort_by_key(|t| (t.due, t.id.0));
        for timer in due {
            if self.ended.is_some() {
                break;
            }
            if self.runtime.timers.iter().any(|t| t.info.id == timer.id) {
                self.fire(timer.id)?;
            }
        }
        Ok(self.html.clone())
    }

    /// Merges `diff` as if the server had pushed it, and checks the result like any other
    /// diff: the server's state did not change, so any diff that changes the HTML is reported
    /// as [`TestError::Mismatch`]. For testing the harness itself.
    ///
    /// ```
    /// use live_server::testing::TestError;
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// let err = view.inject_diff(r#"{"0":"99"}"#).unwrap_err();
    /// assert!(matches!(err, TestError::Mismatch(_)), "{err}");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn inject_diff(&mut self, diff: &str) -> Result<String, TestError> {
        self.begin()?;
        self.frames.push(to_client("diff", parse_json(diff)));
        self.apply(diff, false, true)?;
        Ok(self.html.clone())
    }

    // ---- outcomes ----

    /// Asserts that the view patched its URL to `path` (`push_patch`, or a patch link clicked
    /// through the harness), consuming that patch.
    ///
    /// # Panics
    ///
    /// When the oldest unasserted patch is not `path`, or there is none.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.element("#tab").render_click(())?;
    /// view.assert_patch("/?tab=2");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    #[track_caller]
    pub fn assert_patch(&mut self, path: &str) {
        match self.patches.pop_front() {
            Some(to) if to == path => {}
            Some(to) => panic!("expected a patch to {path:?}, the view patched to {to:?}"),
            None => panic!("expected a patch to {path:?}, the view did not patch"),
        }
    }

    /// Asserts that the view navigated away to `path` (a redirect or a live redirect) and
    /// returns the flash it carries.
    ///
    /// # Panics
    ///
    /// When the view did not navigate to `path`.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// let _ = view.element("#leave").render_click(());
    /// let flash = view.assert_redirect("/about");
    /// assert_eq!(flash.get("info"), Some("Bye"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    #[track_caller]
    pub fn assert_redirect(&self, path: &str) -> Flash {
        match self.ended.as_ref().and_then(TestError::redirect) {
            Some(redirect) if redirect.to == path => redirect.flash.clone(),
            Some(redirect) => panic!(
                "expected a redirect to {path:?}, the view went to {:?}",
                redirect.to
            ),
            None => panic!(
                "expected a redirect to {path:?}, the view {}",
                match &self.ended {
                    Some(other) => format!("ended otherwise: {other}"),
                    None => "is still running".to_owned(),
                }
            ),
        }
    }

    /// Follows the navigation that ended the view (see [`Redirect::follow`](super::Redirect::follow)).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// let _ = view.element("#leave").render_click(());
    /// let mut about = view.follow_redirect()?;
    /// assert_eq!(about.id(), view.id(), "live navigation keeps the container");
    /// assert!(about.render().contains("Bye"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn follow_redirect(&self) -> Result<TestView, TestError> {
        match self.ended.as_ref().and_then(TestError::redirect) {
            Some(redirect) => redirect.follow(),
            None => Err(self.ended.clone().unwrap_or(TestError::Ended)),
        }
    }

    /// Asserts that the view pushed the event `name` with `payload`, consuming it.
    ///
    /// # Panics
    ///
    /// When no such event was received.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.element("#ping").render_click(())?;
    /// view.assert_push_event("pong", serde_json::json!({"count": 0}));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    #[track_caller]
    pub fn assert_push_event(&mut self, name: &str, payload: impl Serialize) {
        let expected = serde_json::to_value(payload).unwrap_or(Value::Null);
        match self
            .events
            .iter()
            .position(|e| e.name == name && e.payload == expected)
        {
            Some(index) => {
                self.events.remove(index);
            }
            None => panic!(
                "expected a push event {name:?} with {expected}, received: {:?}",
                self.events
                    .iter()
                    .map(|e| format!("{} {}", e.name, e.payload))
                    .collect::<Vec<_>>()
            ),
        }
    }

    /// Asserts that an event was answered with the reply `payload` (`Socket::reply`),
    /// consuming it.
    ///
    /// # Panics
    ///
    /// When no such reply was received.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.render_hook("moved", serde_json::json!({"x": 1, "y": 2}))?;
    /// view.assert_reply(serde_json::json!({"x": 1, "y": 2}));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    #[track_caller]
    pub fn assert_reply(&mut self, payload: impl Serialize) {
        let expected = serde_json::to_value(payload).unwrap_or(Value::Null);
        match self.replies.iter().position(|r| *r == expected) {
            Some(index) => {
                self.replies.remove(index);
            }
            None => panic!(
                "expected a reply {expected}, received: {:?}",
                self.replies
                    .iter()
                    .map(Value::to_string)
                    .collect::<Vec<_>>()
            ),
        }
    }

    // ---- snapshots ----

    /// The current HTML, pretty-printed, with the view id replaced by `phx-view`: stable text
    /// for a snapshot.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.html_snapshot().starts_with("<div id=\"demo\">\n  <h1>\n"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn html_snapshot(&mut self) -> String {
        let html = self.try_render().unwrap_or_else(|_| self.html.clone());
        snapshot::normalise_id(&snapshot::pretty_html(&html), &self.id)
    }

    /// The frames of the last interaction, one per paragraph, JSON pretty-printed, with the
    /// view id replaced by `phx-view`: stable text for a snapshot of "this event gives that
    /// diff".
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// view.element("#inc").render_click(())?;
    /// assert!(view.frames_snapshot().starts_with("→ event {\n  \"event\": \"inc\","));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn frames_snapshot(&self) -> String {
        let text = self
            .frames
            .iter()
            .map(|frame| {
                let arrow = match frame.direction {
                    Direction::ToServer => "→",
                    Direction::ToClient => "←",
                };
                let payload = serde_json::to_string_pretty(&frame.payload).unwrap_or_default();
                format!("{arrow} {} {payload}\n", frame.event)
            })
            .collect::<Vec<_>>()
            .join("\n");
        snapshot::normalise_id(&text, &self.id)
    }

    // ---- internals shared with elements and forms ----

    pub(crate) fn html(&self) -> &str {
        &self.html
    }

    /// Chooses files in the upload input named `name` of the form `form`, as a user does, to
    /// upload them with [`FileInput::render_upload`](super::FileInput::render_upload). Each file
    /// is `(name, MIME type, content)`.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/upload")?;
    /// let mut avatar = view.file_input("#avatar-form", "avatar", &[("me.png", "image/png", &[7u8; 3000][..])]);
    /// assert!(avatar.render_upload("me.png", 50)?.contains("me.png: 50%"));
    /// assert!(avatar.render_upload("me.png", 100)?.contains("me.png: 100%"));
    /// let html = view.form("#avatar-form", ()).render_submit()?;
    /// assert!(html.contains("saved me.png (3000 bytes)"), "{html}");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn file_input(
        &mut self,
        form: &str,
        name: &str,
        files: &[(&str, &str, &[u8])],
    ) -> super::FileInput<'_> {
        super::FileInput::new(self, form, name, files)
    }

    /// Starts an interaction (frames of the last one are forgotten).
    pub(super) fn start(&mut self) -> Result<(), TestError> {
        self.begin()
    }

    /// The files chosen so far, for [`FileInput`](super::FileInput).
    pub(super) fn chosen_files(&mut self) -> &mut super::upload::ChosenFiles {
        &mut self.uploads
    }

    /// The view's channel, while it runs.
    pub(super) fn channel_mut(&mut self) -> Result<&mut ViewChannel, TestError> {
        self.channel.as_mut().ok_or(TestError::Ended)
    }

    /// Pushes `event` on the view's topic as the client does and takes in what comes back;
    /// returns the reply's response.
    pub(super) fn client_push(&mut self, event: &str, payload: Value) -> Result<Value, TestError> {
        self.frames.push(to_server(event, payload.clone()));
        let Some(channel) = self.channel.as_mut() else {
            return Err(TestError::Ended);
        };
        let step = channel.on_push(None, event, &payload, &mut self.runtime);
        let response = self
            .runtime
            .outputs
            .iter()
            .find_map(|output| match output {
                Output::Reply { reply, .. } => Some(parse_json(&reply.response_json())),
                Output::Push(_) => None,
            })
            .unwrap_or(Value::Null);
        self.take_in(step)?;
        self.drain_inbox()?;
        Ok(response)
    }

    pub(crate) fn used_fields(&mut self, form: &str) -> &mut HashSet<String> {
        self.used_fields.entry(form.to_owned()).or_default()
    }

    /// Starts an interaction: refused once the view ended.
    fn begin(&mut self) -> Result<(), TestError> {
        match &self.ended {
            None => {
                self.frames.clear();
                Ok(())
            }
            Some(TestError::Redirect(_) | TestError::LiveRedirect(_) | TestError::NoRoute(_)) => {
                Err(TestError::Ended)
            }
            Some(failure) => Err(failure.clone()),
        }
    }

    /// Carries out client actions in order, as one interaction.
    pub(crate) fn perform(&mut self, actions: Vec<ClientAction>) -> Result<String, TestError> {
        self.begin()?;
        for action in actions {
            match action {
                ClientAction::Event(payload) => {
                    self.frames.push(to_server("event", payload.clone()));
                    let Some(channel) = self.channel.as_mut() else {
                        return Err(TestError::Ended);
                    };
                    let step = channel.on_push(None, "event", &payload, &mut self.runtime);
                    self.take_in(step)?;
                }
                ClientAction::Patch(to) => self.client_patch(&to, true)?,
                ClientAction::Navigate { to, replace } => {
                    return Err(self.client_navigate(to, true, replace))
                }
                ClientAction::Load(to) => return Err(self.client_navigate(to, false, false)),
            }
            self.drain_inbox()?;
        }
        Ok(self.html.clone())
    }

    /// A `live_patch` from the client (noted for [`assert_patch`](TestView::assert_patch) when
    /// `record`); a patch to another view makes the client navigate.
    fn client_patch(&mut self, to: &str, record: bool) -> Result<(), TestError> {
        let url = match self.runtime.shared.local_path(to) {
            Some(path) => self.runtime.shared.url(&path),
            None => to.to_owned(),
        };
        let payload = json!({ "url": url });
        self.frames.push(to_server("live_patch", payload.clone()));
        let Some(channel) = self.channel.as_mut() else {
            return Err(TestError::Ended);
        };
        let step = channel.on_push(None, "live_patch", &payload, &mut self.runtime);
        let outputs = std::mem::take(&mut self.runtime.outputs);
        let navigates = outputs.iter().any(|output| {
            matches!(
                output,
                Output::Reply {
                    reply: Reply::LinkRedirect,
                    ..
                }
            )
        });
        let patched = outputs
            .iter()
            .any(|output| matches!(output, Output::Reply { reply, .. } if reply.is_ok()));
        if record && patched && !navigates {
            self.patches.push_back(to.to_owned());
        }
        self.runtime.outputs = outputs;
        self.take_in(step)?;
        if navigates {
            return Err(self.client_navigate(to.to_owned(), true, false));
        }
        Ok(())
    }

    /// The client leaves this view for `to` (a link or `JS.navigate`).
    fn client_navigate(&mut self, to: String, live: bool, replace: bool) -> TestError {
        self.frames.push(to_server("phx_leave", json!({})));
        let mut target = redirect(
            &self.runtime.shared,
            to,
            Flash::default(),
            live.then_some(replace),
        );
        target.from = Some(self.navigation_from());
        let outcome = if live {
            TestError::LiveRedirect(Box::new(target))
        } else {
            TestError::Redirect(Box::new(target))
        };
        self.end(Some(TerminateReason::Leave), outcome.clone());
        outcome
    }

    fn navigation_from(&self) -> NavigationFrom {
        NavigationFrom {
            id: self.id.clone(),
            live_session: self.live_session.clone(),
            session: self.token_session.clone(),
        }
    }

    /// Takes in what the channel sent, as the client does (frames recorded, diffs merged and
    /// checked, patches noted), then the step's outcome: a refusal or the end of the view is
    /// returned as the matching [`TestError`].
    fn take_in(&mut self, step: Step) -> Result<(), TestError> {
        let outputs = std::mem::take(&mut self.runtime.outputs);
        let carries_diff = |output: &Output| match output {
            Output::Reply { reply, .. } => reply.diff().is_some(),
            Output::Push(push) => push.diff().is_some(),
        };
        let merged_diff = outputs.iter().any(carries_diff);
        // Only the last diff of one interaction can be checked against the server's render:
        // an earlier one (a component navigating while rendering: the diff, then the patch's)
        // shows a state the server has already left.
        let last_diff = outputs.iter().rposition(carries_diff);
        for (n, output) in outputs.into_iter().enumerate() {
            let (event, payload, join) = match &output {
                Output::Reply { reply, .. } => {
                    let response = parse_json(&reply.response_json());
                    let payload = if reply.is_ok() {
                        response
                    } else {
                        json!({"status": "error", "response": response})
                    };
                    if let Reply::Joined {
                        live_patch: Some(patch),
                        ..
                    } = reply
                    {
                        self.note_patch(patch);
                    }
                    ("reply", payload, matches!(reply, Reply::Joined { .. }))
                }
                Output::Push(push) => {
                    let payload = parse_json(&push.payload_json());
                    if let live_core::protocol::Push::LivePatch(patch) = push {
                        self.note_patch(patch);
                    }
                    (push.event(), payload, false)
                }
            };
            self.frames.push(to_client(event, payload));
            let diff = match &output {
                Output::Reply { reply, .. } => reply.diff(),
                Output::Push(push) => push.diff(),
            };
            if let Some(diff) = diff {
                self.apply(diff, join, Some(n) == last_diff)?;
            }
        }
        if let Some(url) = self.channel.as_ref().and_then(ViewChannel::url) {
            url.clone_into(&mut self.url);
        }
        if merged_diff && matches!(step, Step::Continue) {
            self.destroy_orphans()?;
        }
        match step {
            Step::Continue => Ok(()),
            Step::Refused(Refusal::Params(reason)) => Err(TestError::Params(reason)),
            Step::Refused(Refusal::Message(reason)) => Err(TestError::WrongMessage(reason)),
            Step::Refused(Refusal::Event(reason) | Refusal::Request(reason)) => {
                Err(TestError::Binding(reason))
            }
            Step::Ended(end) => Err(self.finish(end)),
        }
    }

    /// Components that left the page are destroyed as the client destroys them: it sends
    /// `cids_will_destroy`, then `cids_destroyed`, and forgets the cids the reply lists.
    fn destroy_orphans(&mut self) -> Result<(), TestError> {
        let orphans = self.client.orphan_cids();
        if orphans.is_empty() {
            return Ok(());
        }
        for event in ["cids_will_destroy", "cids_destroyed"] {
            let payload = json!({ "cids": orphans });
            self.frames.push(to_server(event, payload.clone()));
            let Some(channel) = self.channel.as_mut() else {
                return Err(TestError::Ended);
            };
            let step = channel.on_push(None, event, &payload, &mut self.runtime);
            for output in std::mem::take(&mut self.runtime.outputs) {
                if let Output::Reply { reply, .. } = &output {
                    let response = parse_json(&reply.response_json());
                    if let Some(cids) = response.get("cids").and_then(Value::as_array) {
                        let cids: Vec<u64> = cids.iter().filter_map(Value::as_u64).collect();
                        self.client.prune(&cids);
                    }
                    self.frames.push(to_client("reply", response));
                }
            }
            if !matches!(step, Step::Continue) {
                return self.take_in(step);
            }
        }
        Ok(())
    }

    /// How many LiveComponents the view holds on the server (destroyed ones are gone: the
    /// harness confirms destructions as the client does).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let view = live_server::testing::LiveTest::new(&router).live("/").expect("mounts");
    /// assert_eq!(view.component_count(), 0);
    /// ```
    pub fn component_count(&self) -> usize {
        self.channel
            .as_ref()
            .map_or(0, ViewChannel::component_count)
    }

    /// How many components the client holds (merged and not yet destroyed).
    pub fn client_component_count(&self) -> usize {
        self.client.component_count()
    }

    /// A patch the view made (`{"to", "kind"}`), for [`assert_patch`](TestView::assert_patch).
    fn note_patch(&mut self, patch: &Value) {
        if let Some(to) = patch.get("to").and_then(Value::as_str) {
            self.patches.push_back(to.to_owned());
        }
    }

    /// The channel ended: the view's outcome as a test sees it.
    fn finish(&mut self, end: End) -> TestError {
        let outcome = match &end {
            End::Navigated(departure) => {
                let live = match departure.kind {
                    NavigationKind::Live { replace } => Some(replace),
                    NavigationKind::Load => None,
                };
                let mut target = redirect(
                    &self.runtime.shared,
                    departure.to.clone(),
                    departure.flash.clone(),
                    live,
                );
                target.from = Some(self.navigation_from());
                if live.is_some() {
                    TestError::LiveRedirect(Box::new(target))
                } else {
                    TestError::Redirect(Box::new(target))
                }
            }
            End::Crashed(why) => TestError::Crash(why.to_string()),
            End::Left | End::Replaced | End::Closed | End::Shutdown => TestError::Ended,
        };
        self.end(end.terminate_reason(), outcome.clone());
        outcome
    }

    fn loop_detected(&mut self) -> TestError {
        let outcome = TestError::Crash(format!(
            "more than {MAX_MESSAGES} messages in one interaction: the view keeps messaging itself"
        ));
        self.end(None, outcome.clone());
        outcome
    }

    /// Ends the view: stops its subscriptions, timers and tasks, runs `terminate` when the
    /// view ended normally (`reason`), and records why.
    fn end(&mut self, reason: Option<TerminateReason>, why: TestError) {
        self.ended = Some(why);
        self.runtime.shared.nesting.ended(&self.id);
        self.runtime.release();
        if let Some(channel) = self.channel.as_mut() {
            let _ = channel.terminate(reason.as_ref());
        }
        self.channel = None;
    }

    fn fire(&mut self, id: TimerId) -> Result<(), TestError> {
        let timers = &mut self.runtime.timers;
        let Some(index) = timers.iter().position(|t| t.info.id == id) else {
            return Ok(());
        };
        let timer = &mut timers[index];
        self.runtime.clock = self.runtime.clock.max(timer.info.due);
        let message = (timer.message)();
        if timer.info.repeat {
            timer.info.due += timer.info.after.max(Duration::from_nanos(1));
        } else {
            timers.remove(index);
        }
        self.process_info(message)?;
        self.drain_inbox()
    }

    fn process_info(&mut self, message: AnyMessage) -> Result<(), TestError> {
        let Some(channel) = self.channel.as_mut() else {
            return Ok(());
        };
        let step = channel.on_info(message, &mut self.runtime);
        self.take_in(step)
    }

    /// Processes the queued messages, each as `handle_info` and a pushed diff.
    fn drain_inbox(&mut self) -> Result<(), TestError> {
        let mut processed = 0;
        while self.ended.is_none() {
            let Some(message) = self.runtime.inbox.pop() else {
                return Ok(());
            };
            self.process_info(message)?;
            processed += 1;
            if processed > MAX_MESSAGES {
                return Err(self.loop_detected());
            }
        }
        Ok(())
    }

    /// Merges a diff (or the join's rendered) as the client does, then checks the HTML against
    /// the server's full render (when `verify`) and, when switched on, against the Node oracle.
    fn apply(&mut self, raw: &str, join: bool, verify: bool) -> Result<(), TestError> {
        let merged = if join {
            self.client.join(raw)
        } else {
            self.client.merge(raw)
        };
        let extracted = match merged {
            Ok(extracted) => extracted,
            Err(err) => return Err(self.fail(TestError::Merge(format!("{err}\n  diff: {raw}")))),
        };
        self.steps.push(parse_json(raw));
        // The client renders its tree, hands the streams to the DOM patch and drops their rows;
        // what is left (component roots with the attributes the client gives them) is what the
        // server's full render must be.
        let rendered = self.client.to_html().and_then(|html| {
            let streams = self.client.take_streams();
            // Without stream operations the tree is untouched: its render is the one above.
            let comparable = if streams.is_empty() {
                html.clone()
            } else {
                self.client.to_html()?
            };
            Ok((html, streams, comparable))
        });
        let (merged, streams, comparable) = match rendered {
            Ok(rendered) => rendered,
            Err(err) => return Err(self.fail(TestError::Merge(format!("{err}\n  diff: {raw}")))),
        };
        if let (true, Some(channel)) = (self.runtime.shared.verify && verify, self.channel.as_mut())
        {
            let expected = match channel.render_html() {
                Ok(expected) => expected,
                Err(why) => {
                    let outcome = TestError::Crash(why.to_string());
                    self.end(None, outcome.clone());
                    return Err(outcome);
                }
            };
            if comparable != expected {
                return Err(self.fail(TestError::Mismatch(Box::new(Mismatch {
                    diff: raw.to_owned(),
                    expected,
                    actual: comparable,
                }))));
            }
        }
        self.html = self.stream_dom.patch(&merged, &streams, join);
        self.merged_html = merged;
        if let Some(title) = extracted.title {
            self.title = Some(title);
        }
        self.events.extend(extracted.events);
        if let Some(reply) = extracted.reply {
            self.replies.push_back(reply);
        }
        if self.runtime.shared.oracle {
            self.check_oracle()?;
        }
        Ok(())
    }

    fn check_oracle(&mut self) -> Result<(), TestError> {
        let outcome = match oracle::run(&self.id, &self.steps) {
            Ok(htmls) => match htmls.last() {
                Some(theirs) if *theirs == self.merged_html => return Ok(()),
                Some(theirs) => format!(
                    "the official client renders\n  {theirs}\nthe harness renders\n  {}",
                    self.merged_html
                ),
                None => "the oracle returned nothing".to_owned(),
            },
            Err(why) => why,
        };
        Err(self.fail(TestError::Oracle(outcome)))
    }

    /// A finding of the harness: the view's client state is no longer trustworthy.
    fn fail(&mut self, err: TestError) -> TestError {
        self.end(None, err.clone());
        err
    }
}

fn hook_value(value: impl Serialize) -> Result<Value, TestError> {
    match serde_json::to_value(value) {
        Ok(Value::Null) => Ok(json!({})),
        Ok(value) => Ok(value),
        Err(err) => Err(TestError::Binding(format!("hook value: {err}"))),
    }
}

pub(crate) fn hook_payload(event: &str, value: impl Serialize) -> Result<Value, TestError> {
    Ok(json!({"type": "hook", "event": event, "value": hook_value(value)?}))
}

impl Drop for TestView {
    fn drop(&mut self) {
        // The socket closes: the view terminates as on a closed connection. Not while
        // unwinding from a failed assertion (a panic in `terminate` would abort).
        if self.ended.is_none() {
            let reason = (!std::thread::panicking()).then_some(TerminateReason::Closed);
            self.end(reason, TestError::Ended);
        }
    }
}
