//! JS commands: client-side DOM operations (show, hide, classes, attributes, focus, events) and
//! enhanced pushes, written in Rust and run by the official LiveView client without a server
//! round-trip (docs/protocol-bindings.md §3).
//!
//! Start a command with an associated function of [`JS`] and chain more operations on the
//! [`JsCommand`] it returns; put it in any binding attribute (`phx-click`, `phx-submit`,
//! `phx-keydown`, `phx-mounted`, `phx-remove`, `phx-click-away`, `data-*` read by
//! [`exec`](JsCommand::exec), …). Operations run in order on the client.
//!
//! ```
//! use live_core::{html, JS};
//! use live_core::js::ShowOpts;
//!
//! let page = html! {
//!     <button phx-click={JS::show(ShowOpts::to("#modal").transition("fade-in"))}>"Open"</button>
//!     <div id="modal" hidden>
//!         <button phx-click={JS::push("close").hide("#modal")}>"Close"</button>
//!     </div>
//! };
//! assert!(page.to_html().contains(
//!     r#"phx-click="[[&quot;push&quot;,{&quot;event&quot;:&quot;close&quot;}],[&quot;hide&quot;,{&quot;to&quot;:&quot;#modal&quot;}]]""#
//! ));
//! ```
//!
//! # Encoding
//!
//! A command is a JSON array of `[op, args]` pairs, byte for byte what Phoenix's
//! `Phoenix.LiveView.JS` renders (LiveView 1.2): argument keys sorted alphabetically, options
//! that were not given left out (`false` is kept), every op carries an object (`{}` when it has
//! no arguments), and `/` and non-ASCII characters are not escaped. Maps given as a push `value`
//! or a dispatch `detail` are written with their keys sorted too, at every depth. (The one
//! difference from Elixir's Jason encoder: control characters other than `\b \t \n \f \r` are
//! escaped with lowercase hex, `\u001f` instead of `\u001F` — the same JSON.) In an attribute the
//! JSON is HTML-escaped (`"` becomes `&quot;`); the client parses any attribute value starting
//! with `[` as commands and any other value as an event name.
//!
//! An empty command ([`JS::new`]) renders `[]`, which the client runs as no operations.
//!
//! # Targets
//!
//! Operations that act on elements take a [`Target`] (Elixir's `to:` option): a CSS selector
//! (`"#modal"`, over the whole document), [`Target::closest`], [`Target::inner`], or
//! [`Target::Source`], the element whose binding runs the command (the client's default). Where an
//! operation has more options, its argument is an options struct (`ShowOpts`, `ClassOpts`, …)
//! that also converts from a selector or a [`Target`].

use std::fmt;

use serde_json::{Map, Value};

use crate::escape::{escape_html_into, escape_json_into};
use crate::html::AttrValue;

/// Where JS commands start: each associated function begins a [`JsCommand`] with one operation.
///
/// `JS` has no values; it names the operations the way Elixir's `Phoenix.LiveView.JS` does, so
/// templates read `JS::push("inc").hide("#modal")`. Every function here has a method of the same
/// name on [`JsCommand`] that appends the operation to an existing command.
///
/// ```
/// use live_core::JS;
/// assert_eq!(
///     JS::push("inc").hide("#modal").to_json(),
///     r##"[["push",{"event":"inc"}],["hide",{"to":"#modal"}]]"##
/// );
/// ```
#[derive(Debug)]
pub enum JS {}

/// A JS command: a list of operations the client runs in order.
///
/// Build one from [`JS`]; render it in an attribute (`phx-click={cmd}`) or get its JSON with
/// [`to_json`](JsCommand::to_json) (for example to send it in a `push_event` payload and run it
/// with `liveSocket.execJS(el, json)` on the client). Commands compose: every method appends,
/// and [`concat`](JsCommand::concat) joins two commands.
///
/// ```
/// use live_core::{AttrValue, JS};
/// let cmd = JS::push("inc");
/// assert_eq!(cmd.to_json(), r#"[["push",{"event":"inc"}]]"#);
/// assert_eq!(
///     cmd.render_attr("phx-click"),
///     r#" phx-click="[[&quot;push&quot;,{&quot;event&quot;:&quot;inc&quot;}]]""#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JsCommand {
    ops: Vec<Op>,
}

/// One operation: its wire name and its arguments (keys sorted when encoded).
#[derive(Debug, Clone, PartialEq)]
struct Op {
    kind: &'static str,
    args: Map<String, Value>,
}

/// The elements an operation acts on (the `to` argument).
///
/// Converts from a selector: `"#modal"`, `String`, `&String`.
///
/// ```
/// use live_core::js::{JS, Target};
/// assert_eq!(JS::focus("#name").to_json(), r##"[["focus",{"to":"#name"}]]"##);
/// assert_eq!(JS::focus(Target::Source).to_json(), r#"[["focus",{}]]"#);
/// assert_eq!(
///     JS::add_class("open", Target::closest("li")).to_json(),
///     r#"[["add_class",{"names":["open"],"to":{"closest":"li"}}]]"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Target {
    /// The element whose binding runs the command (`to` is left out). The client's default.
    #[default]
    Source,
    /// Every element of the document matching a CSS selector.
    Selector(String),
    /// The closest ancestor-or-self of the source element matching a selector.
    Closest(String),
    /// The descendants of the source element matching a selector.
    Inner(String),
}

impl Target {
    /// The elements of the whole document matching `selector` (Elixir's `{:document, sel}`, and
    /// what a plain string means).
    ///
    /// ```
    /// use live_core::js::Target;
    /// assert_eq!(Target::document(".row"), Target::from(".row"));
    /// ```
    pub fn document(selector: impl Into<String>) -> Target {
        Target::Selector(selector.into())
    }

    /// The closest ancestor-or-self of the source element matching `selector`.
    ///
    /// ```
    /// use live_core::js::{JS, Target};
    /// assert_eq!(
    ///     JS::hide(Target::closest(".row")).to_json(),
    ///     r#"[["hide",{"to":{"closest":".row"}}]]"#
    /// );
    /// ```
    pub fn closest(selector: impl Into<String>) -> Target {
        Target::Closest(selector.into())
    }

    /// The descendants of the source element matching `selector`.
    ///
    /// ```
    /// use live_core::js::{JS, Target};
    /// assert_eq!(
    ///     JS::focus_first(Target::inner(".body")).to_json(),
    ///     r#"[["focus_first",{"to":{"inner":".body"}}]]"#
    /// );
    /// ```
    pub fn inner(selector: impl Into<String>) -> Target {
        Target::Inner(selector.into())
    }

    /// Sets `to` in `args` unless this is [`Target::Source`].
    fn put(self, args: &mut Map<String, Value>) {
        let to = match self {
            Target::Source => return,
            Target::Selector(selector) => Value::String(selector),
            Target::Closest(selector) => scoped("closest", selector),
            Target::Inner(selector) => scoped("inner", selector),
        };
        args.insert("to".into(), to);
    }
}

fn scoped(scope: &str, selector: String) -> Value {
    let mut object = Map::new();
    object.insert(scope.into(), Value::String(selector));
    Value::Object(object)
}

impl From<&str> for Target {
    fn from(selector: &str) -> Self {
        Target::Selector(selector.to_owned())
    }
}

impl From<String> for Target {
    fn from(selector: String) -> Self {
        Target::Selector(selector)
    }
}

impl From<&String> for Target {
    fn from(selector: &String) -> Self {
        Target::Selector(selector.clone())
    }
}

/// Transition classes: the classes applied while the transition runs, at its start, and at its
/// end (`[[running…],[start…],[end…]]` on the wire). Each part is split on spaces.
///
/// A single string is the running classes only; a triple gives all three.
///
/// ```
/// use live_core::js::Transition;
/// let fade = Transition::from(("ease-out duration-300", "opacity-0", "opacity-100"));
/// assert_eq!(fade.running(), ["ease-out", "duration-300"]);
/// assert_eq!(fade.start(), ["opacity-0"]);
/// assert_eq!(fade.end(), ["opacity-100"]);
/// assert!(Transition::from("shake").start().is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transition {
    running: Vec<String>,
    start: Vec<String>,
    end: Vec<String>,
}

impl Transition {
    /// A transition from the three class lists, each a space-separated string.
    ///
    /// ```
    /// use live_core::js::{JS, Transition};
    /// let slide = Transition::new("transition-transform", "translate-x-full", "translate-x-0");
    /// assert_eq!(
    ///     JS::transition(slide, "#panel").to_json(),
    ///     r##"[["transition",{"to":"#panel","transition":[["transition-transform"],["translate-x-full"],["translate-x-0"]]}]]"##
    /// );
    /// ```
    pub fn new(running: &str, start: &str, end: &str) -> Transition {
        Transition {
            running: class_names(running),
            start: class_names(start),
            end: class_names(end),
        }
    }

    /// The classes present while the transition runs.
    ///
    /// ```
    /// assert_eq!(live_core::js::Transition::from("a b").running(), ["a", "b"]);
    /// ```
    pub fn running(&self) -> &[String] {
        &self.running
    }

    /// The classes the element starts the transition with.
    ///
    /// ```
    /// assert_eq!(live_core::js::Transition::new("a", "b", "c").start(), ["b"]);
    /// ```
    pub fn start(&self) -> &[String] {
        &self.start
    }

    /// The classes the element ends the transition with.
    ///
    /// ```
    /// assert_eq!(live_core::js::Transition::new("a", "b", "c").end(), ["c"]);
    /// ```
    pub fn end(&self) -> &[String] {
        &self.end
    }

    fn into_value(self) -> Value {
        Value::Array(vec![
            string_list(self.running),
            string_list(self.start),
            string_list(self.end),
        ])
    }
}

impl From<&str> for Transition {
    fn from(running: &str) -> Self {
        Transition::new(running, "", "")
    }
}

impl From<String> for Transition {
    fn from(running: String) -> Self {
        Transition::new(&running, "", "")
    }
}

impl From<(&str, &str, &str)> for Transition {
    fn from((running, start, end): (&str, &str, &str)) -> Self {
        Transition::new(running, start, end)
    }
}

impl From<[&str; 3]> for Transition {
    fn from([running, start, end]: [&str; 3]) -> Self {
        Transition::new(running, start, end)
    }
}

/// Class names from a space-separated string, empty pieces dropped (Elixir splits on `" "` with
/// `trim: true`: only the space character separates).
fn class_names(names: &str) -> Vec<String> {
    names
        .split(' ')
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

fn string_list(items: Vec<String>) -> Value {
    Value::Array(items.into_iter().map(Value::String).collect())
}

/// Implements `From<selector>` and `From<Target>` for an options struct with a `to` field.
macro_rules! from_target {
    ($($opts:ident),*) => {$(
        impl From<Target> for $opts {
            fn from(to: Target) -> Self {
                $opts { to, ..$opts::default() }
            }
        }

        impl From<&str> for $opts {
            fn from(selector: &str) -> Self {
                $opts::from(Target::from(selector))
            }
        }

        impl From<String> for $opts {
            fn from(selector: String) -> Self {
                $opts::from(Target::from(selector))
            }
        }

        impl From<&String> for $opts {
            fn from(selector: &String) -> Self {
                $opts::from(Target::from(selector))
            }
        }
    )*};
}

from_target!(
    ShowOpts,
    HideOpts,
    ToggleOpts,
    ClassOpts,
    TransitionOpts,
    DispatchOpts
);

/// Options of [`JS::show`]: `to`, `display`, `transition`, `time`, `blocking`.
///
/// Converts from a selector or a [`Target`] (only `to` set).
///
/// ```
/// use live_core::js::{JS, ShowOpts};
/// let cmd = JS::show(
///     ShowOpts::to("#modal")
///         .display("flex")
///         .transition(("ease-out", "opacity-0", "opacity-100"))
///         .time(300),
/// );
/// assert_eq!(
///     cmd.to_json(),
///     r##"[["show",{"display":"flex","time":300,"to":"#modal","transition":[["ease-out"],["opacity-0"],["opacity-100"]]}]]"##
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShowOpts {
    to: Target,
    display: Option<String>,
    transition: Option<Transition>,
    time: Option<u64>,
    blocking: Option<bool>,
}

impl ShowOpts {
    /// Shows the source element.
    ///
    /// ```
    /// use live_core::js::{JS, ShowOpts};
    /// assert_eq!(JS::show(ShowOpts::new()).to_json(), r#"[["show",{}]]"#);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Shows the elements of `to`.
    ///
    /// ```
    /// use live_core::js::{JS, ShowOpts};
    /// assert_eq!(JS::show(ShowOpts::to("#m")).to_json(), JS::show("#m").to_json());
    /// ```
    pub fn to(to: impl Into<Target>) -> Self {
        Self::from(to.into())
    }

    /// The CSS `display` value set when shown (client default: `block`, `table-row` for
    /// `<tr>`, `table-cell` for `<td>`).
    ///
    /// ```
    /// use live_core::js::{JS, ShowOpts};
    /// assert_eq!(JS::show(ShowOpts::new().display("grid")).to_json(), r#"[["show",{"display":"grid"}]]"#);
    /// ```
    pub fn display(mut self, display: impl Into<String>) -> Self {
        self.display = Some(display.into());
        self
    }

    /// Transition classes applied while showing.
    ///
    /// ```
    /// use live_core::js::{JS, ShowOpts};
    /// assert_eq!(
    ///     JS::show(ShowOpts::new().transition("fade-in")).to_json(),
    ///     r#"[["show",{"transition":[["fade-in"],[],[]]}]]"#
    /// );
    /// ```
    pub fn transition(mut self, transition: impl Into<Transition>) -> Self {
        self.transition = Some(transition.into());
        self
    }

    /// Duration of the transition in milliseconds (client default 200).
    ///
    /// ```
    /// use live_core::js::{JS, ShowOpts};
    /// assert_eq!(JS::show(ShowOpts::new().time(500)).to_json(), r#"[["show",{"time":500}]]"#);
    /// ```
    pub fn time(mut self, millis: u64) -> Self {
        self.time = Some(millis);
        self
    }

    /// With `false`, the transition does not hold back DOM patches (client default: it does).
    ///
    /// ```
    /// use live_core::js::{JS, ShowOpts};
    /// assert_eq!(JS::show(ShowOpts::new().blocking(false)).to_json(), r#"[["show",{"blocking":false}]]"#);
    /// ```
    pub fn blocking(mut self, blocking: bool) -> Self {
        self.blocking = Some(blocking);
        self
    }
}

/// Options of [`JS::hide`]: `to`, `transition`, `time`, `blocking`.
///
/// Converts from a selector or a [`Target`] (only `to` set).
///
/// ```
/// use live_core::js::{JS, HideOpts};
/// assert_eq!(
///     JS::hide(HideOpts::to("#modal").transition("fade-out").time(150).blocking(false)).to_json(),
///     r##"[["hide",{"blocking":false,"time":150,"to":"#modal","transition":[["fade-out"],[],[]]}]]"##
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HideOpts {
    to: Target,
    transition: Option<Transition>,
    time: Option<u64>,
    blocking: Option<bool>,
}

impl HideOpts {
    /// Hides the source element.
    ///
    /// ```
    /// use live_core::js::{JS, HideOpts};
    /// assert_eq!(JS::hide(HideOpts::new()).to_json(), r#"[["hide",{}]]"#);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Hides the elements of `to`.
    ///
    /// ```
    /// use live_core::js::{JS, HideOpts};
    /// assert_eq!(JS::hide(HideOpts::to("#m")).to_json(), r##"[["hide",{"to":"#m"}]]"##);
    /// ```
    pub fn to(to: impl Into<Target>) -> Self {
        Self::from(to.into())
    }

    /// Transition classes applied while hiding.
    ///
    /// ```
    /// use live_core::js::{JS, HideOpts};
    /// assert_eq!(
    ///     JS::hide(HideOpts::new().transition(("a", "b", "c"))).to_json(),
    ///     r#"[["hide",{"transition":[["a"],["b"],["c"]]}]]"#
    /// );
    /// ```
    pub fn transition(mut self, transition: impl Into<Transition>) -> Self {
        self.transition = Some(transition.into());
        self
    }

    /// Duration of the transition in milliseconds (client default 200).
    ///
    /// ```
    /// use live_core::js::{JS, HideOpts};
    /// assert_eq!(JS::hide(HideOpts::new().time(0)).to_json(), r#"[["hide",{"time":0}]]"#);
    /// ```
    pub fn time(mut self, millis: u64) -> Self {
        self.time = Some(millis);
        self
    }

    /// With `false`, the transition does not hold back DOM patches.
    ///
    /// ```
    /// use live_core::js::{JS, HideOpts};
    /// assert_eq!(JS::hide(HideOpts::new().blocking(true)).to_json(), r#"[["hide",{"blocking":true}]]"#);
    /// ```
    pub fn blocking(mut self, blocking: bool) -> Self {
        self.blocking = Some(blocking);
        self
    }
}

/// Options of [`JS::toggle`]: `to`, `display`, `ins`/`outs` transitions, `time`, `blocking`.
///
/// Converts from a selector or a [`Target`] (only `to` set).
///
/// ```
/// use live_core::js::{JS, ToggleOpts};
/// assert_eq!(
///     JS::toggle(ToggleOpts::to("#menu").ins("fade-in").outs("fade-out")).to_json(),
///     r##"[["toggle",{"ins":[["fade-in"],[],[]],"outs":[["fade-out"],[],[]],"to":"#menu"}]]"##
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ToggleOpts {
    to: Target,
    display: Option<String>,
    ins: Option<Transition>,
    outs: Option<Transition>,
    time: Option<u64>,
    blocking: Option<bool>,
}

impl ToggleOpts {
    /// Toggles the source element.
    ///
    /// ```
    /// use live_core::js::{JS, ToggleOpts};
    /// assert_eq!(JS::toggle(ToggleOpts::new()).to_json(), r#"[["toggle",{}]]"#);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Toggles the elements of `to`.
    ///
    /// ```
    /// use live_core::js::{JS, ToggleOpts};
    /// assert_eq!(JS::toggle(ToggleOpts::to("#m")).to_json(), r##"[["toggle",{"to":"#m"}]]"##);
    /// ```
    pub fn to(to: impl Into<Target>) -> Self {
        Self::from(to.into())
    }

    /// The CSS `display` value set when toggled in.
    ///
    /// ```
    /// use live_core::js::{JS, ToggleOpts};
    /// assert_eq!(JS::toggle(ToggleOpts::new().display("flex")).to_json(), r#"[["toggle",{"display":"flex"}]]"#);
    /// ```
    pub fn display(mut self, display: impl Into<String>) -> Self {
        self.display = Some(display.into());
        self
    }

    /// Transition classes when toggling in (Elixir's `in:`; `in` is a Rust keyword).
    ///
    /// ```
    /// use live_core::js::{JS, ToggleOpts};
    /// assert_eq!(
    ///     JS::toggle(ToggleOpts::new().ins(("ease-out", "opacity-0", "opacity-100"))).to_json(),
    ///     r#"[["toggle",{"ins":[["ease-out"],["opacity-0"],["opacity-100"]]}]]"#
    /// );
    /// ```
    pub fn ins(mut self, transition: impl Into<Transition>) -> Self {
        self.ins = Some(transition.into());
        self
    }

    /// Transition classes when toggling out (Elixir's `out:`).
    ///
    /// ```
    /// use live_core::js::{JS, ToggleOpts};
    /// assert_eq!(
    ///     JS::toggle(ToggleOpts::new().outs("fade-out")).to_json(),
    ///     r#"[["toggle",{"outs":[["fade-out"],[],[]]}]]"#
    /// );
    /// ```
    pub fn outs(mut self, transition: impl Into<Transition>) -> Self {
        self.outs = Some(transition.into());
        self
    }

    /// Duration of the transitions in milliseconds (client default 200).
    ///
    /// ```
    /// use live_core::js::{JS, ToggleOpts};
    /// assert_eq!(JS::toggle(ToggleOpts::new().time(100)).to_json(), r#"[["toggle",{"time":100}]]"#);
    /// ```
    pub fn time(mut self, millis: u64) -> Self {
        self.time = Some(millis);
        self
    }

    /// With `false`, the transition does not hold back DOM patches.
    ///
    /// ```
    /// use live_core::js::{JS, ToggleOpts};
    /// assert_eq!(JS::toggle(ToggleOpts::new().blocking(false)).to_json(), r#"[["toggle",{"blocking":false}]]"#);
    /// ```
    pub fn blocking(mut self, blocking: bool) -> Self {
        self.blocking = Some(blocking);
        self
    }
}

/// Options of [`JS::add_class`], [`JS::remove_class`] and [`JS::toggle_class`]: `to`,
/// `transition`, `time`, `blocking`.
///
/// Converts from a selector or a [`Target`] (only `to` set).
///
/// ```
/// use live_core::js::{ClassOpts, JS};
/// assert_eq!(
///     JS::add_class("active", ClassOpts::to("#tab").transition("pulse").time(100)).to_json(),
///     r##"[["add_class",{"names":["active"],"time":100,"to":"#tab","transition":[["pulse"],[],[]]}]]"##
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassOpts {
    to: Target,
    transition: Option<Transition>,
    time: Option<u64>,
    blocking: Option<bool>,
}

impl ClassOpts {
    /// Changes the classes of the source element.
    ///
    /// ```
    /// use live_core::js::{ClassOpts, JS};
    /// assert_eq!(JS::add_class("on", ClassOpts::new()).to_json(), r#"[["add_class",{"names":["on"]}]]"#);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes the classes of the elements of `to`.
    ///
    /// ```
    /// use live_core::js::{ClassOpts, JS};
    /// assert_eq!(JS::add_class("on", ClassOpts::to("#x")).to_json(), JS::add_class("on", "#x").to_json());
    /// ```
    pub fn to(to: impl Into<Target>) -> Self {
        Self::from(to.into())
    }

    /// Transition classes applied while the classes change.
    ///
    /// ```
    /// use live_core::js::{ClassOpts, JS};
    /// assert_eq!(
    ///     JS::remove_class("on", ClassOpts::new().transition("fade")).to_json(),
    ///     r#"[["remove_class",{"names":["on"],"transition":[["fade"],[],[]]}]]"#
    /// );
    /// ```
    pub fn transition(mut self, transition: impl Into<Transition>) -> Self {
        self.transition = Some(transition.into());
        self
    }

    /// Duration of the transition in milliseconds (client default 200).
    ///
    /// ```
    /// use live_core::js::{ClassOpts, JS};
    /// assert_eq!(JS::toggle_class("on", ClassOpts::new().time(50)).to_json(), r#"[["toggle_class",{"names":["on"],"time":50}]]"#);
    /// ```
    pub fn time(mut self, millis: u64) -> Self {
        self.time = Some(millis);
        self
    }

    /// With `false`, the transition does not hold back DOM patches.
    ///
    /// ```
    /// use live_core::js::{ClassOpts, JS};
    /// assert_eq!(
    ///     JS::add_class("on", ClassOpts::new().blocking(false)).to_json(),
    ///     r#"[["add_class",{"blocking":false,"names":["on"]}]]"#
    /// );
    /// ```
    pub fn blocking(mut self, blocking: bool) -> Self {
        self.blocking = Some(blocking);
        self
    }
}

/// Options of [`JS::transition`]: `to`, `time`, `blocking`.
///
/// Converts from a selector or a [`Target`] (only `to` set).
///
/// ```
/// use live_core::js::{TransitionOpts, JS};
/// assert_eq!(
///     JS::transition("shake", TransitionOpts::to("#x").time(400)).to_json(),
///     r##"[["transition",{"time":400,"to":"#x","transition":[["shake"],[],[]]}]]"##
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransitionOpts {
    to: Target,
    time: Option<u64>,
    blocking: Option<bool>,
}

impl TransitionOpts {
    /// Transitions the source element.
    ///
    /// ```
    /// use live_core::js::{TransitionOpts, JS};
    /// assert_eq!(
    ///     JS::transition("shake", TransitionOpts::new()).to_json(),
    ///     r#"[["transition",{"transition":[["shake"],[],[]]}]]"#
    /// );
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Transitions the elements of `to`.
    ///
    /// ```
    /// use live_core::js::{TransitionOpts, JS};
    /// assert_eq!(JS::transition("a", TransitionOpts::to("#x")).to_json(), JS::transition("a", "#x").to_json());
    /// ```
    pub fn to(to: impl Into<Target>) -> Self {
        Self::from(to.into())
    }

    /// Duration of the transition in milliseconds (client default 200).
    ///
    /// ```
    /// use live_core::js::{TransitionOpts, JS};
    /// assert!(JS::transition("a", TransitionOpts::new().time(10)).to_json().contains(r#""time":10"#));
    /// ```
    pub fn time(mut self, millis: u64) -> Self {
        self.time = Some(millis);
        self
    }

    /// With `false`, the transition does not hold back DOM patches.
    ///
    /// ```
    /// use live_core::js::{TransitionOpts, JS};
    /// assert!(JS::transition("a", TransitionOpts::new().blocking(false)).to_json().contains(r#""blocking":false"#));
    /// ```
    pub fn blocking(mut self, blocking: bool) -> Self {
        self.blocking = Some(blocking);
        self
    }
}

/// Options of [`JS::dispatch`]: `to`, `detail`, `bubbles`, `blocking`.
///
/// Converts from a selector or a [`Target`] (only `to` set).
///
/// ```
/// use live_core::js::{DispatchOpts, JS};
/// assert_eq!(
///     JS::dispatch("app:copy", DispatchOpts::to("#code").detail("n", 1).bubbles(false)).to_json(),
///     r##"[["dispatch",{"bubbles":false,"detail":{"n":1},"event":"app:copy","to":"#code"}]]"##
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DispatchOpts {
    to: Target,
    detail: Option<Map<String, Value>>,
    bubbles: Option<bool>,
    blocking: bool,
}

impl DispatchOpts {
    /// Dispatches to the source element.
    ///
    /// ```
    /// use live_core::js::{DispatchOpts, JS};
    /// assert_eq!(JS::dispatch("x", DispatchOpts::new()).to_json(), r#"[["dispatch",{"event":"x"}]]"#);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Dispatches to the elements of `to`.
    ///
    /// ```
    /// use live_core::js::{DispatchOpts, JS};
    /// assert_eq!(JS::dispatch("x", DispatchOpts::to("#a")).to_json(), JS::dispatch("x", "#a").to_json());
    /// ```
    pub fn to(to: impl Into<Target>) -> Self {
        Self::from(to.into())
    }

    /// Adds `key: value` to the event's `detail` (listeners read `event.detail.key`; the client
    /// adds `detail.dispatcher`, the source element).
    ///
    /// ```
    /// use live_core::js::{DispatchOpts, JS};
    /// assert_eq!(
    ///     JS::dispatch("x", DispatchOpts::new().detail("id", "a1").detail("n", 2)).to_json(),
    ///     r#"[["dispatch",{"detail":{"id":"a1","n":2},"event":"x"}]]"#
    /// );
    /// ```
    pub fn detail(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.detail
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Merges `map` into the event's `detail` (later keys win).
    ///
    /// ```
    /// use live_core::js::{DispatchOpts, JS};
    /// let serde_json::Value::Object(map) = serde_json::json!({"b": [1, 2], "a": null}) else { unreachable!() };
    /// assert_eq!(
    ///     JS::dispatch("x", DispatchOpts::new().details(map)).to_json(),
    ///     r#"[["dispatch",{"detail":{"a":null,"b":[1,2]},"event":"x"}]]"#
    /// );
    /// ```
    pub fn details(mut self, map: Map<String, Value>) -> Self {
        self.detail.get_or_insert_with(Map::new).extend(map);
        self
    }

    /// Whether the event bubbles (client default: it does, except a `click` on a file input).
    ///
    /// ```
    /// use live_core::js::{DispatchOpts, JS};
    /// assert_eq!(
    ///     JS::dispatch("x", DispatchOpts::new().bubbles(true)).to_json(),
    ///     r#"[["dispatch",{"bubbles":true,"event":"x"}]]"#
    /// );
    /// ```
    pub fn bubbles(mut self, bubbles: bool) -> Self {
        self.bubbles = Some(bubbles);
        self
    }

    /// With `true`, DOM patches wait until a listener calls `event.detail.done()` (the client
    /// adds `done`). Sent only when `true`, like Elixir.
    ///
    /// ```
    /// use live_core::js::{DispatchOpts, JS};
    /// assert_eq!(
    ///     JS::dispatch("x", DispatchOpts::new().blocking(true)).to_json(),
    ///     r#"[["dispatch",{"blocking":true,"event":"x"}]]"#
    /// );
    /// assert_eq!(JS::dispatch("x", DispatchOpts::new().blocking(false)).to_json(), r#"[["dispatch",{"event":"x"}]]"#);
    /// ```
    pub fn blocking(mut self, blocking: bool) -> Self {
        self.blocking = blocking;
        self
    }
}

/// Where a [`JS::push_with`] sends its event (Elixir's `target:`): a component id or a CSS
/// selector (each match sends one event to the view or component owning it,
/// docs/protocol-bindings.md §1.6). Overrides the element's `phx-target`.
///
/// ```
/// use live_core::js::{PushOpts, PushTarget, JS};
/// assert_eq!(PushTarget::from(3u64), PushTarget::Cid(3));
/// assert_eq!(
///     JS::push_with("add", PushOpts::new().target("#cart")).to_json(),
///     r##"[["push",{"event":"add","target":"#cart"}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushTarget {
    /// A component id (what a component's `@myself` renders).
    Cid(u64),
    /// A CSS selector.
    Selector(String),
}

impl From<u64> for PushTarget {
    fn from(cid: u64) -> Self {
        PushTarget::Cid(cid)
    }
}

impl From<&str> for PushTarget {
    fn from(selector: &str) -> Self {
        PushTarget::Selector(selector.to_owned())
    }
}

impl From<String> for PushTarget {
    fn from(selector: String) -> Self {
        PushTarget::Selector(selector)
    }
}

impl From<&String> for PushTarget {
    fn from(selector: &String) -> Self {
        PushTarget::Selector(selector.clone())
    }
}

/// Options of [`JS::push_with`]: `value`, `target`, `loading`, `page_loading`.
///
/// ```
/// use live_core::js::{PushOpts, JS};
/// let save = PushOpts::new()
///     .value("id", 1)
///     .target("#cart")
///     .loading("#form")
///     .page_loading(true);
/// assert_eq!(
///     JS::push_with("save", save).to_json(),
///     r##"[["push",{"event":"save","loading":"#form","page_loading":true,"target":"#cart","value":{"id":1}}]]"##
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PushOpts {
    value: Option<Map<String, Value>>,
    target: Option<PushTarget>,
    loading: Option<String>,
    page_loading: Option<bool>,
}

impl PushOpts {
    /// No options: the same as [`JS::push`].
    ///
    /// ```
    /// use live_core::js::{PushOpts, JS};
    /// assert_eq!(JS::push_with("inc", PushOpts::new()), JS::push("inc"));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `key: value` to the event's value (merged over the binding's own values, such as
    /// `phx-value-*` and `value` of an input).
    ///
    /// ```
    /// use live_core::js::{PushOpts, JS};
    /// assert_eq!(
    ///     JS::push_with("inc", PushOpts::new().value("by", 2)).to_json(),
    ///     r#"[["push",{"event":"inc","value":{"by":2}}]]"#
    /// );
    /// ```
    pub fn value(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.value
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Merges `map` into the event's value (later keys win).
    ///
    /// ```
    /// use live_core::js::{PushOpts, JS};
    /// let serde_json::Value::Object(map) = serde_json::json!({"z": 1, "a": {"y": 2, "x": 3}}) else { unreachable!() };
    /// assert_eq!(
    ///     JS::push_with("e", PushOpts::new().values(map)).to_json(),
    ///     r#"[["push",{"event":"e","value":{"a":{"x":3,"y":2},"z":1}}]]"#
    /// );
    /// ```
    pub fn values(mut self, map: Map<String, Value>) -> Self {
        self.value.get_or_insert_with(Map::new).extend(map);
        self
    }

    /// Sends the event to a component id or to the view/component owning each element matching
    /// a selector.
    ///
    /// ```
    /// use live_core::js::{PushOpts, JS};
    /// assert_eq!(
    ///     JS::push_with("inc", PushOpts::new().target(3)).to_json(),
    ///     r#"[["push",{"event":"inc","target":3}]]"#
    /// );
    /// ```
    pub fn target(mut self, target: impl Into<PushTarget>) -> Self {
        self.target = Some(target.into());
        self
    }

    /// A selector of elements that get the loading classes and are locked until the reply.
    ///
    /// ```
    /// use live_core::js::{PushOpts, JS};
    /// assert_eq!(
    ///     JS::push_with("save", PushOpts::new().loading(".thermo")).to_json(),
    ///     r#"[["push",{"event":"save","loading":".thermo"}]]"#
    /// );
    /// ```
    pub fn loading(mut self, selector: impl Into<String>) -> Self {
        self.loading = Some(selector.into());
        self
    }

    /// Whether the push fires the `phx:page-loading-start`/`-stop` window events.
    ///
    /// ```
    /// use live_core::js::{PushOpts, JS};
    /// assert_eq!(
    ///     JS::push_with("go", PushOpts::new().page_loading(false)).to_json(),
    ///     r#"[["push",{"event":"go","page_loading":false}]]"#
    /// );
    /// ```
    pub fn page_loading(mut self, page_loading: bool) -> Self {
        self.page_loading = Some(page_loading);
        self
    }
}

/// The `attr` argument of [`JS::toggle_attribute`]: a name and one value (`(name, value)`: set
/// when absent, removed when present) or two values (`(name, a, b)`: switch between them).
///
/// ```
/// use live_core::js::{ToggleAttr, JS};
/// assert_eq!(
///     JS::toggle_attribute(("aria-expanded", "true", "false"), "#menu").to_json(),
///     r##"[["toggle_attr",{"attr":["aria-expanded","true","false"],"to":"#menu"}]]"##
/// );
/// assert_eq!(ToggleAttr::from(("open", "true")), ToggleAttr::new("open", "true", None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToggleAttr {
    name: String,
    value: String,
    alternate: Option<String>,
}

impl ToggleAttr {
    /// An attribute toggled between `value` and `alternate`, or between `value` and absent.
    ///
    /// ```
    /// use live_core::js::{ToggleAttr, JS, Target};
    /// let attr = ToggleAttr::new("data-state", "on", Some("off".to_owned()));
    /// assert_eq!(
    ///     JS::toggle_attribute(attr, Target::Source).to_json(),
    ///     r#"[["toggle_attr",{"attr":["data-state","on","off"]}]]"#
    /// );
    /// ```
    pub fn new(
        name: impl Into<String>,
        value: impl Into<String>,
        alternate: Option<String>,
    ) -> ToggleAttr {
        ToggleAttr {
            name: name.into(),
            value: value.into(),
            alternate,
        }
    }

    fn into_value(self) -> Value {
        let mut list = vec![Value::String(self.name), Value::String(self.value)];
        list.extend(self.alternate.map(Value::String));
        Value::Array(list)
    }
}

impl<N: Into<String>, V: Into<String>> From<(N, V)> for ToggleAttr {
    fn from((name, value): (N, V)) -> Self {
        ToggleAttr::new(name, value, None)
    }
}

impl<N: Into<String>, V: Into<String>, W: Into<String>> From<(N, V, W)> for ToggleAttr {
    fn from((name, value, alternate): (N, V, W)) -> Self {
        ToggleAttr::new(name, value, Some(alternate.into()))
    }
}

/// Declares a `JS::op(...)` starter for each `JsCommand::op(self, ...)` method.
macro_rules! starters {
    ($(
        $(#[$doc:meta])*
        fn $name:ident($($arg:ident: $ty:ty),*);
    )*) => {
        impl JS {
            /// An empty command; renders `[]`, which the client runs as no operations.
            ///
            /// ```
            /// use live_core::JS;
            /// assert_eq!(JS::new().to_json(), "[]");
            /// assert!(JS::new().is_empty());
            /// ```
            #[allow(clippy::new_ret_no_self)]
            pub fn new() -> JsCommand {
                JsCommand::default()
            }

            $(
                $(#[$doc])*
                pub fn $name($($arg: $ty),*) -> JsCommand {
                    JsCommand::default().$name($($arg),*)
                }
            )*
        }
    };
}

starters! {
    /// A command that pushes `event` to the server; see [`JsCommand::push`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::push("inc").to_json(), r#"[["push",{"event":"inc"}]]"#);
    /// ```
    fn push(event: impl Into<String>);
    /// A command that pushes `event` with options; see [`JsCommand::push_with`].
    ///
    /// ```
    /// use live_core::js::{PushOpts, JS};
    /// assert_eq!(
    ///     JS::push_with("inc", PushOpts::new().target(1)).to_json(),
    ///     r#"[["push",{"event":"inc","target":1}]]"#
    /// );
    /// ```
    fn push_with(event: impl Into<String>, opts: PushOpts);
    /// A command that navigates to `href`; see [`JsCommand::navigate`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::navigate("/a").to_json(), r#"[["navigate",{"href":"/a","replace":false}]]"#);
    /// ```
    fn navigate(href: impl Into<String>);
    /// A command that navigates to `href`, replacing the history entry; see
    /// [`JsCommand::navigate_replace`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::navigate_replace("/a").to_json(), r#"[["navigate",{"href":"/a","replace":true}]]"#);
    /// ```
    fn navigate_replace(href: impl Into<String>);
    /// A command that patches to `href`; see [`JsCommand::patch`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::patch("/?p=2").to_json(), r#"[["patch",{"href":"/?p=2","replace":false}]]"#);
    /// ```
    fn patch(href: impl Into<String>);
    /// A command that patches to `href`, replacing the history entry; see
    /// [`JsCommand::patch_replace`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::patch_replace("/?p=2").to_json(), r#"[["patch",{"href":"/?p=2","replace":true}]]"#);
    /// ```
    fn patch_replace(href: impl Into<String>);
    /// A command that shows elements; see [`JsCommand::show`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::show("#m").to_json(), r##"[["show",{"to":"#m"}]]"##);
    /// ```
    fn show(opts: impl Into<ShowOpts>);
    /// A command that hides elements; see [`JsCommand::hide`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::hide("#m").to_json(), r##"[["hide",{"to":"#m"}]]"##);
    /// ```
    fn hide(opts: impl Into<HideOpts>);
    /// A command that shows or hides elements; see [`JsCommand::toggle`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::toggle("#m").to_json(), r##"[["toggle",{"to":"#m"}]]"##);
    /// ```
    fn toggle(opts: impl Into<ToggleOpts>);
    /// A command that adds classes; see [`JsCommand::add_class`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::add_class("a b", "#m").to_json(), r##"[["add_class",{"names":["a","b"],"to":"#m"}]]"##);
    /// ```
    fn add_class(names: &str, opts: impl Into<ClassOpts>);
    /// A command that removes classes; see [`JsCommand::remove_class`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::remove_class("a", "#m").to_json(), r##"[["remove_class",{"names":["a"],"to":"#m"}]]"##);
    /// ```
    fn remove_class(names: &str, opts: impl Into<ClassOpts>);
    /// A command that toggles classes; see [`JsCommand::toggle_class`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::toggle_class("a", "#m").to_json(), r##"[["toggle_class",{"names":["a"],"to":"#m"}]]"##);
    /// ```
    fn toggle_class(names: &str, opts: impl Into<ClassOpts>);
    /// A command that applies transition classes; see [`JsCommand::transition`].
    ///
    /// ```
    /// assert_eq!(
    ///     live_core::JS::transition("shake", "#m").to_json(),
    ///     r##"[["transition",{"to":"#m","transition":[["shake"],[],[]]}]]"##
    /// );
    /// ```
    fn transition(transition: impl Into<Transition>, opts: impl Into<TransitionOpts>);
    /// A command that sets an attribute; see [`JsCommand::set_attribute`].
    ///
    /// ```
    /// assert_eq!(
    ///     live_core::JS::set_attribute(("aria-expanded", "true"), "#dd").to_json(),
    ///     r##"[["set_attr",{"attr":["aria-expanded","true"],"to":"#dd"}]]"##
    /// );
    /// ```
    fn set_attribute(attr: (impl Into<String>, impl Into<String>), to: impl Into<Target>);
    /// A command that removes an attribute; see [`JsCommand::remove_attribute`].
    ///
    /// ```
    /// use live_core::js::{JS, Target};
    /// assert_eq!(JS::remove_attribute("disabled", Target::Source).to_json(), r#"[["remove_attr",{"attr":"disabled"}]]"#);
    /// ```
    fn remove_attribute(name: impl Into<String>, to: impl Into<Target>);
    /// A command that toggles an attribute; see [`JsCommand::toggle_attribute`].
    ///
    /// ```
    /// use live_core::js::{JS, Target};
    /// assert_eq!(
    ///     JS::toggle_attribute(("open", "true"), Target::Source).to_json(),
    ///     r#"[["toggle_attr",{"attr":["open","true"]}]]"#
    /// );
    /// ```
    fn toggle_attribute(attr: impl Into<ToggleAttr>, to: impl Into<Target>);
    /// A command that keeps attributes across server patches; see
    /// [`JsCommand::ignore_attributes`].
    ///
    /// ```
    /// use live_core::js::{JS, Target};
    /// assert_eq!(
    ///     JS::ignore_attributes(["open", "data-*"], Target::Source).to_json(),
    ///     r#"[["ignore_attrs",{"attrs":["open","data-*"]}]]"#
    /// );
    /// ```
    fn ignore_attributes(names: impl IntoIterator<Item = impl Into<String>>, to: impl Into<Target>);
    /// A command that dispatches a DOM event; see [`JsCommand::dispatch`].
    ///
    /// ```
    /// assert_eq!(
    ///     live_core::JS::dispatch("app:copy", "#code").to_json(),
    ///     r##"[["dispatch",{"event":"app:copy","to":"#code"}]]"##
    /// );
    /// ```
    fn dispatch(event: impl Into<String>, opts: impl Into<DispatchOpts>);
    /// A command that runs the commands stored in an attribute; see [`JsCommand::exec`].
    ///
    /// ```
    /// assert_eq!(
    ///     live_core::JS::exec("phx-remove", "#modal").to_json(),
    ///     r##"[["exec",{"attr":"phx-remove","to":"#modal"}]]"##
    /// );
    /// ```
    fn exec(attr: impl Into<String>, to: impl Into<Target>);
    /// A command that focuses an element; see [`JsCommand::focus`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::focus("#name").to_json(), r##"[["focus",{"to":"#name"}]]"##);
    /// ```
    fn focus(to: impl Into<Target>);
    /// A command that focuses the first focusable descendant; see [`JsCommand::focus_first`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::focus_first("#modal").to_json(), r##"[["focus_first",{"to":"#modal"}]]"##);
    /// ```
    fn focus_first(to: impl Into<Target>);
    /// A command that remembers an element for [`pop_focus`](JsCommand::pop_focus); see
    /// [`JsCommand::push_focus`].
    ///
    /// ```
    /// use live_core::js::{JS, Target};
    /// assert_eq!(JS::push_focus(Target::Source).to_json(), r#"[["push_focus",{}]]"#);
    /// ```
    fn push_focus(to: impl Into<Target>);
    /// A command that focuses the last remembered element; see [`JsCommand::pop_focus`].
    ///
    /// ```
    /// assert_eq!(live_core::JS::pop_focus().to_json(), r#"[["pop_focus",{}]]"#);
    /// ```
    fn pop_focus();
}

impl JsCommand {
    /// Whether the command has no operations.
    ///
    /// ```
    /// use live_core::JS;
    /// assert!(JS::new().is_empty());
    /// assert!(!JS::pop_focus().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The number of operations.
    ///
    /// ```
    /// assert_eq!(live_core::JS::push("a").push("b").len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Appends the operations of `other` (Elixir's `JS.concat`).
    ///
    /// ```
    /// use live_core::JS;
    /// fn hide_modal(js: live_core::js::JsCommand) -> live_core::js::JsCommand {
    ///     js.hide("#modal").pop_focus()
    /// }
    /// let cmd = JS::push("close").concat(hide_modal(JS::new()));
    /// assert_eq!(
    ///     cmd.to_json(),
    ///     r##"[["push",{"event":"close"}],["hide",{"to":"#modal"}],["pop_focus",{}]]"##
    /// );
    /// ```
    pub fn concat(mut self, other: JsCommand) -> Self {
        self.ops.extend(other.ops);
        self
    }

    fn op(mut self, kind: &'static str, args: Map<String, Value>) -> Self {
        self.ops.push(Op { kind, args });
        self
    }

    /// Pushes `event` to the server, as the binding running the command would (its `type`,
    /// `phx-value-*`, `phx-target`); on `phx-change`/`phx-submit` it sends the form.
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(
    ///     JS::hide("#menu").push("closed").to_json(),
    ///     r##"[["hide",{"to":"#menu"}],["push",{"event":"closed"}]]"##
    /// );
    /// ```
    pub fn push(self, event: impl Into<String>) -> Self {
        self.push_with(event, PushOpts::default())
    }

    /// Pushes `event` with a value merged in, another target, loading elements or page-loading
    /// events; see [`PushOpts`].
    ///
    /// ```
    /// use live_core::js::{PushOpts, JS};
    /// assert_eq!(
    ///     JS::new().push_with("inc", PushOpts::new().value("by", 5)).to_json(),
    ///     r#"[["push",{"event":"inc","value":{"by":5}}]]"#
    /// );
    /// ```
    pub fn push_with(self, event: impl Into<String>, opts: PushOpts) -> Self {
        let mut args = Map::new();
        args.insert("event".into(), Value::String(event.into()));
        if let Some(value) = opts.value {
            args.insert("value".into(), Value::Object(value));
        }
        match opts.target {
            Some(PushTarget::Cid(cid)) => {
                args.insert("target".into(), Value::from(cid));
            }
            Some(PushTarget::Selector(selector)) => {
                args.insert("target".into(), Value::String(selector));
            }
            None => {}
        }
        if let Some(loading) = opts.loading {
            args.insert("loading".into(), Value::String(loading));
        }
        if let Some(page_loading) = opts.page_loading {
            args.insert("page_loading".into(), Value::Bool(page_loading));
        }
        self.op("push", args)
    }

    /// Navigates to `href` (another view of the same live session, no page load; otherwise a
    /// full page load), pushing a history entry.
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(
    ///     JS::push("leave").navigate("/home").to_json(),
    ///     r#"[["push",{"event":"leave"}],["navigate",{"href":"/home","replace":false}]]"#
    /// );
    /// ```
    pub fn navigate(self, href: impl Into<String>) -> Self {
        self.nav("navigate", href.into(), false)
    }

    /// Like [`navigate`](Self::navigate), replacing the current history entry.
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(JS::new().navigate_replace("/x").to_json(), r#"[["navigate",{"href":"/x","replace":true}]]"#);
    /// ```
    pub fn navigate_replace(self, href: impl Into<String>) -> Self {
        self.nav("navigate", href.into(), true)
    }

    /// Patches the URL to `href` (same view: `handle_params` runs), pushing a history entry.
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(JS::new().patch("/items?page=2").to_json(), r#"[["patch",{"href":"/items?page=2","replace":false}]]"#);
    /// ```
    pub fn patch(self, href: impl Into<String>) -> Self {
        self.nav("patch", href.into(), false)
    }

    /// Like [`patch`](Self::patch), replacing the current history entry.
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(JS::new().patch_replace("/items?page=2").to_json(), r#"[["patch",{"href":"/items?page=2","replace":true}]]"#);
    /// ```
    pub fn patch_replace(self, href: impl Into<String>) -> Self {
        self.nav("patch", href.into(), true)
    }

    fn nav(self, kind: &'static str, href: String, replace: bool) -> Self {
        let mut args = Map::new();
        args.insert("href".into(), Value::String(href));
        args.insert("replace".into(), Value::Bool(replace));
        self.op(kind, args)
    }

    /// Shows the target elements if they are hidden (sets their `display`), with optional
    /// transition classes; see [`ShowOpts`].
    ///
    /// ```
    /// use live_core::js::{ShowOpts, JS};
    /// assert_eq!(JS::new().show("#modal").to_json(), r##"[["show",{"to":"#modal"}]]"##);
    /// assert_eq!(
    ///     JS::new().show(ShowOpts::to("#modal").display("flex")).to_json(),
    ///     r##"[["show",{"display":"flex","to":"#modal"}]]"##
    /// );
    /// ```
    pub fn show(self, opts: impl Into<ShowOpts>) -> Self {
        let ShowOpts {
            to,
            display,
            transition,
            time,
            blocking,
        } = opts.into();
        let mut args = Map::new();
        to.put(&mut args);
        put_str(&mut args, "display", display);
        put_transition(&mut args, "transition", transition);
        put_timing(&mut args, time, blocking);
        self.op("show", args)
    }

    /// Hides the target elements if they are visible (`display: none`), with optional transition
    /// classes; see [`HideOpts`].
    ///
    /// ```
    /// use live_core::js::{HideOpts, JS};
    /// assert_eq!(JS::new().hide("#modal").to_json(), r##"[["hide",{"to":"#modal"}]]"##);
    /// assert_eq!(
    ///     JS::new().hide(HideOpts::to("#modal").transition("fade-out")).to_json(),
    ///     r##"[["hide",{"to":"#modal","transition":[["fade-out"],[],[]]}]]"##
    /// );
    /// ```
    pub fn hide(self, opts: impl Into<HideOpts>) -> Self {
        let HideOpts {
            to,
            transition,
            time,
            blocking,
        } = opts.into();
        let mut args = Map::new();
        to.put(&mut args);
        put_transition(&mut args, "transition", transition);
        put_timing(&mut args, time, blocking);
        self.op("hide", args)
    }

    /// Shows hidden target elements and hides visible ones; see [`ToggleOpts`].
    ///
    /// ```
    /// use live_core::js::{ToggleOpts, JS};
    /// assert_eq!(JS::new().toggle("#menu").to_json(), r##"[["toggle",{"to":"#menu"}]]"##);
    /// ```
    pub fn toggle(self, opts: impl Into<ToggleOpts>) -> Self {
        let ToggleOpts {
            to,
            display,
            ins,
            outs,
            time,
            blocking,
        } = opts.into();
        let mut args = Map::new();
        to.put(&mut args);
        put_str(&mut args, "display", display);
        put_transition(&mut args, "ins", ins);
        put_transition(&mut args, "outs", outs);
        put_timing(&mut args, time, blocking);
        self.op("toggle", args)
    }

    /// Adds the space-separated class `names` to the target elements; the classes stay across
    /// server patches. See [`ClassOpts`].
    ///
    /// ```
    /// use live_core::js::{Target, JS};
    /// assert_eq!(
    ///     JS::new().add_class("active bold", Target::closest("li")).to_json(),
    ///     r#"[["add_class",{"names":["active","bold"],"to":{"closest":"li"}}]]"#
    /// );
    /// ```
    pub fn add_class(self, names: &str, opts: impl Into<ClassOpts>) -> Self {
        self.classes("add_class", names, opts.into())
    }

    /// Removes the space-separated class `names` from the target elements. See [`ClassOpts`].
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(
    ///     JS::new().remove_class("active", "#tab").to_json(),
    ///     r##"[["remove_class",{"names":["active"],"to":"#tab"}]]"##
    /// );
    /// ```
    pub fn remove_class(self, names: &str, opts: impl Into<ClassOpts>) -> Self {
        self.classes("remove_class", names, opts.into())
    }

    /// Adds each of the class `names` that is missing, removes each that is present. See
    /// [`ClassOpts`].
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(
    ///     JS::new().toggle_class("open", "#menu").to_json(),
    ///     r##"[["toggle_class",{"names":["open"],"to":"#menu"}]]"##
    /// );
    /// ```
    pub fn toggle_class(self, names: &str, opts: impl Into<ClassOpts>) -> Self {
        self.classes("toggle_class", names, opts.into())
    }

    fn classes(self, kind: &'static str, names: &str, opts: ClassOpts) -> Self {
        let ClassOpts {
            to,
            transition,
            time,
            blocking,
        } = opts;
        let mut args = Map::new();
        to.put(&mut args);
        args.insert("names".into(), string_list(class_names(names)));
        put_transition(&mut args, "transition", transition);
        put_timing(&mut args, time, blocking);
        self.op(kind, args)
    }

    /// Applies transition classes to the target elements for `time` (for example a shake on
    /// error). See [`TransitionOpts`].
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(
    ///     JS::new().transition(("shake", "", ""), "#form").to_json(),
    ///     r##"[["transition",{"to":"#form","transition":[["shake"],[],[]]}]]"##
    /// );
    /// ```
    pub fn transition(
        self,
        transition: impl Into<Transition>,
        opts: impl Into<TransitionOpts>,
    ) -> Self {
        let TransitionOpts { to, time, blocking } = opts.into();
        let mut args = Map::new();
        to.put(&mut args);
        put_transition(&mut args, "transition", Some(transition.into()));
        put_timing(&mut args, time, blocking);
        self.op("transition", args)
    }

    /// Sets attribute `attr.0` to `attr.1` on the target elements (it stays across server
    /// patches). Attributes only: the `value` property of an input is not changed by this.
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(
    ///     JS::new().set_attribute(("aria-expanded", "true"), "#dropdown").to_json(),
    ///     r##"[["set_attr",{"attr":["aria-expanded","true"],"to":"#dropdown"}]]"##
    /// );
    /// ```
    pub fn set_attribute(
        self,
        attr: (impl Into<String>, impl Into<String>),
        to: impl Into<Target>,
    ) -> Self {
        let mut args = Map::new();
        to.into().put(&mut args);
        args.insert(
            "attr".into(),
            Value::Array(vec![
                Value::String(attr.0.into()),
                Value::String(attr.1.into()),
            ]),
        );
        self.op("set_attr", args)
    }

    /// Removes attribute `name` from the target elements.
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(
    ///     JS::new().remove_attribute("aria-expanded", "#dropdown").to_json(),
    ///     r##"[["remove_attr",{"attr":"aria-expanded","to":"#dropdown"}]]"##
    /// );
    /// ```
    pub fn remove_attribute(self, name: impl Into<String>, to: impl Into<Target>) -> Self {
        let mut args = Map::new();
        to.into().put(&mut args);
        args.insert("attr".into(), Value::String(name.into()));
        self.op("remove_attr", args)
    }

    /// Toggles an attribute on the target elements; see [`ToggleAttr`].
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(
    ///     JS::new().toggle_attribute(("open", "true"), "#details").to_json(),
    ///     r##"[["toggle_attr",{"attr":["open","true"],"to":"#details"}]]"##
    /// );
    /// ```
    pub fn toggle_attribute(self, attr: impl Into<ToggleAttr>, to: impl Into<Target>) -> Self {
        let mut args = Map::new();
        to.into().put(&mut args);
        args.insert("attr".into(), attr.into().into_value());
        self.op("toggle_attr", args)
    }

    /// Keeps the attributes `names` of the target elements as the client has them: later server
    /// patches neither change nor remove them. A trailing `*` matches any suffix (`"data-*"`).
    /// Typically used in `phx-mounted`, e.g. for a `<dialog>`'s `open`.
    ///
    /// ```
    /// use live_core::js::{Target, JS};
    /// assert_eq!(
    ///     JS::new().ignore_attributes(["open"], Target::Source).to_json(),
    ///     r#"[["ignore_attrs",{"attrs":["open"]}]]"#
    /// );
    /// ```
    pub fn ignore_attributes(
        self,
        names: impl IntoIterator<Item = impl Into<String>>,
        to: impl Into<Target>,
    ) -> Self {
        let mut args = Map::new();
        to.into().put(&mut args);
        args.insert(
            "attrs".into(),
            string_list(names.into_iter().map(Into::into).collect()),
        );
        self.op("ignore_attrs", args)
    }

    /// Dispatches the DOM event `event` to the target elements: a `CustomEvent` whose `detail`
    /// carries the options' detail plus `dispatcher` (the source element), or a real
    /// `MouseEvent` for `"click"`. See [`DispatchOpts`].
    ///
    /// ```
    /// use live_core::js::{DispatchOpts, JS};
    /// assert_eq!(
    ///     JS::new().dispatch("click", "#upload").to_json(),
    ///     r##"[["dispatch",{"event":"click","to":"#upload"}]]"##
    /// );
    /// ```
    ///
    /// # Panics
    ///
    /// Like Elixir's `JS.dispatch`, on a programming error: a `"click"` with a `detail` (the
    /// browser replaces a `MouseEvent`'s detail by a number), or a blocking dispatch whose
    /// detail has a `done` key (the client puts its callback there).
    ///
    /// ```should_panic
    /// use live_core::js::{DispatchOpts, JS};
    /// JS::dispatch("click", DispatchOpts::new().detail("id", 1));
    /// ```
    pub fn dispatch(self, event: impl Into<String>, opts: impl Into<DispatchOpts>) -> Self {
        let event = event.into();
        let DispatchOpts {
            to,
            detail,
            bubbles,
            blocking,
        } = opts.into();
        assert!(
            !(event == "click" && detail.is_some()),
            "JS dispatch: a \"click\" cannot carry a detail (the browser turns a MouseEvent's \
             detail into a number); dispatch your own event and call el.click() from its listener"
        );
        assert!(
            !(blocking && detail.as_ref().is_some_and(|d| d.contains_key("done"))),
            "JS dispatch: with blocking, the detail must not contain a `done` key (the client \
             puts its completion callback there)"
        );
        let mut args = Map::new();
        to.put(&mut args);
        args.insert("event".into(), Value::String(event));
        if let Some(detail) = detail {
            args.insert("detail".into(), Value::Object(detail));
        }
        if let Some(bubbles) = bubbles {
            args.insert("bubbles".into(), Value::Bool(bubbles));
        }
        if blocking {
            args.insert("blocking".into(), Value::Bool(true));
        }
        self.op("dispatch", args)
    }

    /// Runs the JS commands stored in attribute `attr` of the target elements (for example a
    /// modal's `phx-remove` from its close button). The client throws if the attribute is
    /// missing.
    ///
    /// ```
    /// use live_core::js::{Target, JS};
    /// assert_eq!(
    ///     JS::new().exec("data-cancel", Target::closest("[data-cancel]")).to_json(),
    ///     r#"[["exec",{"attr":"data-cancel","to":{"closest":"[data-cancel]"}}]]"#
    /// );
    /// ```
    pub fn exec(self, attr: impl Into<String>, to: impl Into<Target>) -> Self {
        let mut args = Map::new();
        to.into().put(&mut args);
        args.insert("attr".into(), Value::String(attr.into()));
        self.op("exec", args)
    }

    /// Focuses the target element.
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(JS::new().focus("#search").to_json(), r##"[["focus",{"to":"#search"}]]"##);
    /// ```
    pub fn focus(self, to: impl Into<Target>) -> Self {
        self.targeted("focus", to.into())
    }

    /// Focuses the first focusable descendant of the target element.
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(JS::new().focus_first("#modal").to_json(), r##"[["focus_first",{"to":"#modal"}]]"##);
    /// ```
    pub fn focus_first(self, to: impl Into<Target>) -> Self {
        self.targeted("focus_first", to.into())
    }

    /// Remembers the target element on the client's focus stack, for a later
    /// [`pop_focus`](Self::pop_focus) (typically before opening a modal).
    ///
    /// ```
    /// use live_core::js::{Target, JS};
    /// assert_eq!(
    ///     JS::new().push_focus(Target::Source).show("#modal").to_json(),
    ///     r##"[["push_focus",{}],["show",{"to":"#modal"}]]"##
    /// );
    /// ```
    pub fn push_focus(self, to: impl Into<Target>) -> Self {
        self.targeted("push_focus", to.into())
    }

    /// Focuses the element last remembered by [`push_focus`](Self::push_focus).
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(JS::hide("#modal").pop_focus().to_json(), r##"[["hide",{"to":"#modal"}],["pop_focus",{}]]"##);
    /// ```
    pub fn pop_focus(self) -> Self {
        self.op("pop_focus", Map::new())
    }

    fn targeted(self, kind: &'static str, to: Target) -> Self {
        let mut args = Map::new();
        to.put(&mut args);
        self.op(kind, args)
    }

    /// The command as JSON text, as placed (HTML-escaped) in an attribute.
    ///
    /// ```
    /// use live_core::JS;
    /// assert_eq!(JS::focus("#a").to_json(), r##"[["focus",{"to":"#a"}]]"##);
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(32 * self.ops.len() + 2);
        out.push('[');
        for (i, op) in self.ops.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            escape_json_into(&mut out, op.kind);
            out.push(',');
            write_object(&mut out, &op.args);
            out.push(']');
        }
        out.push(']');
        out
    }
}

fn put_str(args: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(value) = value {
        args.insert(key.into(), Value::String(value));
    }
}

fn put_transition(args: &mut Map<String, Value>, key: &str, transition: Option<Transition>) {
    if let Some(transition) = transition {
        args.insert(key.into(), transition.into_value());
    }
}

fn put_timing(args: &mut Map<String, Value>, time: Option<u64>, blocking: Option<bool>) {
    if let Some(time) = time {
        args.insert("time".into(), Value::from(time));
    }
    if let Some(blocking) = blocking {
        args.insert("blocking".into(), Value::Bool(blocking));
    }
}

/// Writes `value` as JSON with object keys in byte order at every depth, whatever the order of
/// the map (serde_json's `preserve_order` feature may be on in the build).
fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::String(text) => escape_json_into(out, text),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(object) => write_object(out, object),
    }
}

fn write_object(out: &mut String, object: &Map<String, Value>) {
    let mut entries: Vec<(&String, &Value)> = object.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    out.push('{');
    for (i, (key, value)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        escape_json_into(out, key);
        out.push(':');
        write_value(out, value);
    }
    out.push('}');
}

impl fmt::Display for JsCommand {
    /// The JSON text (see [`JsCommand::to_json`]).
    ///
    /// ```
    /// assert_eq!(live_core::JS::pop_focus().to_string(), r#"[["pop_focus",{}]]"#);
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json())
    }
}

impl AttrValue for JsCommand {
    /// ` name="…"` with the JSON HTML-escaped. An empty command renders `[]`.
    ///
    /// ```
    /// use live_core::{AttrValue, JS};
    /// assert_eq!(JS::new().render_attr("phx-click"), r#" phx-click="[]""#);
    /// ```
    fn render_attr(&self, name: &str) -> String {
        let json = self.to_json();
        let mut out = String::with_capacity(name.len() + json.len() * 2 + 4);
        out.push(' ');
        escape_html_into(&mut out, name);
        out.push_str("=\"");
        escape_html_into(&mut out, &json);
        out.push('"');
        out
    }
}
