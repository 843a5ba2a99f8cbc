//! A mounted test view: the join, the client's merged tree, and what callbacks ask for
//! (navigation, timers, PubSub, tasks) carried out as the server's view task does.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use live_core::runtime::{AnyView, WrongMessage};
use live_core::socket::{self, AnyMessage, Commands, MessageSink, Navigation, TimerId};
use live_core::{Event, Flash, Params, Session, TerminateReason, ViewError};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::app::{redirect, NavigationFrom, Shared};
use super::element::{Element, Form};
use super::error::{Mismatch, TestError};
use super::executor::{Completion, Executor, PendingTask};
use super::frame::{to_client, to_server, Direction, Frame};
use super::merge::{MergedTree, PushEvent};
use super::{oracle, snapshot};
use crate::channel::callback::guarded;
use crate::pubsub::{PubSub, Subscriber, SubscriptionId};
use crate::router::on_mount::MountContext;
use crate::router::Route;

/// Messages one interaction may process before the harness calls it a loop.
const MAX_MESSAGES: usize = 10_000;

/// How long [`TestView::render_async`] waits for tasks.
const ASYNC_LIMIT: Duration = Duration::from_secs(10);

/// A timer a view started, as the harness holds it (it never fires on its own).
///
/// ```
/// use std::time::Duration;
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live_server::testing::live(&router, "/")?;
/// assert_eq!(view.timers()[0].due, Duration::from_secs(1));
/// view.advance(Duration::from_millis(1500))?;
/// assert_eq!(view.timers()[0].due, Duration::from_secs(2));
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerInfo {
    /// The id `send_after` / `send_interval` returned.
    pub id: TimerId,
    /// The delay (the period when repeating).
    pub after: Duration,
    /// Whether it is an interval.
    pub repeat: bool,
    /// When it fires next, on the view's virtual clock (zero at the join).
    pub due: Duration,
}

struct Timer {
    info: TimerInfo,
    message: Box<dyn FnMut() -> AnyMessage + Send>,
}

/// The view's message queue (PubSub, view handles): processed at the next interaction.
#[derive(Default)]
struct Inbox {
    queue: Mutex<VecDeque<AnyMessage>>,
    closed: AtomicBool,
}

impl MessageSink for Inbox {
    fn send(&self, message: AnyMessage) -> bool {
        if self.closed.load(Ordering::Relaxed) {
            return false;
        }
        self.queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push_back(message);
        true
    }
}

impl Inbox {
    fn pop(&self) -> Option<AnyMessage> {
        self.queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front()
    }
}

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
    shared: Shared,
    id: String,
    route: Arc<Route>,
    /// The session of the page's token (live navigation carries it on).
    token_session: Session,
    view: Option<Box<dyn AnyView>>,
    client: MergedTree,
    html: String,
    static_html: String,
    url: String,
    title: Option<String>,
    inbox: Arc<Inbox>,
    subscriptions: HashMap<String, Vec<SubscriptionId>>,
    timers: Vec<Timer>,
    clock: Duration,
    tasks: Vec<PendingTask>,
    cancelled: Vec<String>,
    events: VecDeque<PushEvent>,
    replies: VecDeque<Value>,
    patches: VecDeque<String>,
    ended: Option<TestError>,
    frames: Vec<Frame>,
    steps: Vec<Value>,
    used_fields: HashMap<String, HashSet<String>>,
}

impl std::fmt::Debug for TestView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestView")
            .field("id", &self.id)
            .field("url", &self.url)
            .field("view", &self.route.factory().name())
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

fn kind(replace: bool) -> &'static str {
    if replace {
        "replace"
    } else {
        "push"
    }
}

/// What a join needs: the route and URL, the container id, the token's session and flash.
pub(super) struct Join {
    pub(super) route: Arc<Route>,
    pub(super) params: Params,
    pub(super) id: String,
    pub(super) url: String,
    /// The session of the page's token.
    pub(super) session: Session,
    pub(super) flash: Flash,
    /// The static render's HTML (empty for a live navigation).
    pub(super) static_html: String,
    pub(super) live_navigation: bool,
}

/// The join (PROTOCOL.md §3, `view_task::mount` on the server).
pub(super) fn join(shared: &Shared, join: Join) -> Result<TestView, TestError> {
    let Join {
        route,
        params,
        id,
        url,
        session: token_session,
        flash,
        static_html,
        live_navigation,
    } = join;
    let mut session = token_session.clone();
    let mut ctx = MountContext {
        params: &params,
        session: &mut session,
        connected: true,
        uri: &url,
    };
    if let Err(halt) = route.on_mount(&mut ctx) {
        return Err(TestError::Redirect(Box::new(redirect(
            shared, halt.to, halt.flash, None,
        ))));
    }
    let inbox = Arc::new(Inbox::default());
    let sink: Arc<dyn MessageSink> = inbox.clone();
    let mounted = guarded(|| {
        let mut view = route.factory().mount(&id, &params, &session, Some(sink))?;
        view.set_flash(flash.clone());
        let mut commands = view.take_commands();
        commands.extend(view.handle_params(&params, &url)?);
        Ok((view, commands))
    });
    let (view, commands) =
        mounted.map_err(|why| TestError::Crash(format!("connected mount: {why}")))?;
    let mut test = TestView {
        shared: shared.clone(),
        client: MergedTree::new(id.clone()),
        id,
        route,
        token_session,
        view: Some(view),
        html: String::new(),
        static_html,
        url: url.clone(),
        title: None,
        inbox,
        subscriptions: HashMap::new(),
        timers: Vec::new(),
        clock: Duration::ZERO,
        tasks: Vec::new(),
        cancelled: Vec::new(),
        events: VecDeque::new(),
        replies: VecDeque::new(),
        patches: VecDeque::new(),
        ended: None,
        frames: Vec::new(),
        steps: Vec::new(),
        used_fields: HashMap::new(),
    };
    let mut join_payload = Map::new();
    join_payload.insert(
        if live_navigation { "redirect" } else { "url" }.to_owned(),
        url.into(),
    );
    if live_navigation && !flash.is_empty() {
        join_payload.insert("flash".to_owned(), flash.to_json());
    }
    test.frames
        .push(to_server("phx_join", Value::Object(join_payload)));
    test.run_commands(commands.commands);
    let mut live_patch = None;
    match commands.navigation {
        None => {}
        Some(Navigation::Patch { to, replace }) => match test.patch_params(&to) {
            Ok(true) => {
                live_patch = Some(json!({"to": to, "kind": kind(replace)}));
                test.patches.push_back(to);
            }
            Ok(false) => return Err(test.refuse_join(to, Some(replace))),
            Err(why) => return Err(test.crash(&why)),
        },
        Some(Navigation::Navigate { to, replace }) => {
            return Err(test.refuse_join(to, Some(replace)))
        }
        Some(Navigation::Redirect { to }) => return Err(test.refuse_join(to, None)),
    }
    let rendered = match test
        .view
        .as_mut()
        .map(|v| guarded(|| Ok(v.join_rendered())))
    {
        Some(Ok(rendered)) => rendered,
        Some(Err(why)) => return Err(test.crash(&why)),
        None => return Err(TestError::Ended),
    };
    let mut response = json!({"rendered": parse_json(&rendered)});
    if let Some(live_patch) = live_patch {
        response["live_patch"] = live_patch;
    }
    test.frames.push(to_client("reply", response));
    test.apply(&rendered, true)?;
    test.drain_inbox()?;
    Ok(test)
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

impl TestView {
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

    /// The view's URL (it follows patches).
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
            .strip_prefix(&self.shared.origin)
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
        self.view
            .as_ref()
            .map(|v| v.flash().clone())
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
        self.timers.iter().map(|t| t.info).collect()
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
        let Some(view) = self.view.as_mut() else {
            return Err(TestError::Ended);
        };
        let result = guarded(|| view.handle_info(Box::new(message)));
        if let Err(err) = &result {
            if err.is::<WrongMessage>() {
                return Err(TestError::WrongMessage(err.to_string()));
            }
        }
        self.after_callback(result, false)?;
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
            for name in self.cancelled.drain(..) {
                executor.cancel(&name);
            }
            for task in self.tasks.drain(..) {
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
        let target = self.clock + by;
        let mut fired = 0;
        while let Some(id) = self
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
        self.clock = self.clock.max(target);
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
            if self.timers.iter().any(|t| t.info.id == timer.id) {
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
        self.apply(diff, false)?;
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
                    let event = Event::from_payload(&payload)
                        .map_err(|err| TestError::Binding(err.to_string()))?;
                    let Some(view) = self.view.as_mut() else {
                        return Err(TestError::Ended);
                    };
                    let result = guarded(|| view.handle_event(&event));
                    // As the server does: ill-typed params get an error reply, the view lives on.
                    if let Err(err) = &result {
                        if let Some(bad) = err.downcast_ref::<live_core::ParamsError>() {
                            let reason = bad.to_string();
                            let reply = json!({"status": "error", "response": {"reason": reason}});
                            self.frames.push(to_client("reply", reply));
                            return Err(TestError::Params(reason));
                        }
                    }
                    self.after_callback(result, true)?;
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

    /// A `live_patch` from the client.
    fn client_patch(&mut self, to: &str, record: bool) -> Result<(), TestError> {
        let url = match self.shared.local_path(to) {
            Some(path) => self.shared.url(&path),
            None => to.to_owned(),
        };
        self.frames
            .push(to_server("live_patch", json!({ "url": url })));
        match self.patch_params(to) {
            Ok(true) => {
                if record {
                    self.patches.push_back(to.to_owned());
                }
                let diff = self.render_diff()?;
                let response = match &diff {
                    Some(diff) => json!({"diff": parse_json(diff)}),
                    None => json!({}),
                };
                self.frames.push(to_client("reply", response));
                if let Some(diff) = diff {
                    self.apply(&diff, false)?;
                }
                Ok(())
            }
            Ok(false) => {
                self.frames
                    .push(to_client("reply", json!({"link_redirect": true})));
                Err(self.client_navigate(to.to_owned(), true, false))
            }
            Err(why) => Err(self.crash(&why)),
        }
    }

    /// The client leaves this view for `to` (a link or `JS.navigate`).
    fn client_navigate(&mut self, to: String, live: bool, replace: bool) -> TestError {
        self.frames.push(to_server("phx_leave", json!({})));
        let mut target = redirect(&self.shared, to, Flash::default(), live.then_some(replace));
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
            live_session: self.route.live_session().to_owned(),
            session: self.token_session.clone(),
        }
    }

    /// Carries out a callback's commands and applies its diff (`view_task::after_callback`):
    /// as the reply of an event (`reply`), or as a push.
    fn after_callback(
        &mut self,
        result: Result<Commands, ViewError>,
        reply: bool,
    ) -> Result<(), TestError> {
        let commands = match result {
            Ok(commands) => commands,
            Err(why) => return Err(self.crash(&why)),
        };
        self.run_commands(commands.commands);
        match commands.navigation {
            None => {}
            Some(Navigation::Patch { to, replace }) => match self.patch_params(&to) {
                Ok(true) => {
                    self.frames.push(to_client(
                        "live_patch",
                        json!({"to": to, "kind": kind(replace)}),
                    ));
                    self.patches.push_back(to);
                }
                Ok(false) => return Err(self.leave_for(to, Some(replace), reply)),
                Err(why) => return Err(self.crash(&why)),
            },
            Some(Navigation::Navigate { to, replace }) => {
                return Err(self.leave_for(to, Some(replace), reply))
            }
            Some(Navigation::Redirect { to }) => return Err(self.leave_for(to, None, reply)),
        }
        let diff = self.render_diff()?;
        match (reply, diff) {
            (true, Some(diff)) => {
                self.frames
                    .push(to_client("reply", json!({"diff": parse_json(&diff)})));
                self.apply(&diff, false)?;
            }
            (true, None) => self.frames.push(to_client("reply", json!({}))),
            (false, Some(diff)) => {
                self.frames.push(to_client("diff", parse_json(&diff)));
                self.apply(&diff, false)?;
            }
            (false, None) => {}
        }
        Ok(())
    }

    /// The view navigates away (`live` with `Some(replace)`): a pending diff (pushed events)
    /// first, then the redirect; the view ends.
    fn leave_for(&mut self, to: String, live: Option<bool>, reply: bool) -> TestError {
        match self.render_diff() {
            Ok(Some(diff)) => {
                self.frames.push(to_client("diff", parse_json(&diff)));
                if let Err(err) = self.apply(&diff, false) {
                    return err;
                }
            }
            Ok(None) => {}
            Err(err) => return err,
        }
        let flash = self.flash();
        let mut payload = json!({ "to": to });
        if let Some(replace) = live {
            payload["kind"] = kind(replace).into();
        }
        if !flash.is_empty() {
            payload["flash"] = flash.to_json();
        }
        let event = if live.is_some() {
            "live_redirect"
        } else {
            "redirect"
        };
        self.frames.push(if reply {
            to_client("reply", json!({ event: payload }))
        } else {
            to_client(event, payload)
        });
        let mut target = redirect(&self.shared, to, flash, live);
        target.from = Some(self.navigation_from());
        let outcome = if live.is_some() {
            TestError::LiveRedirect(Box::new(target))
        } else {
            TestError::Redirect(Box::new(target))
        };
        self.end(Some(TerminateReason::Navigated), outcome.clone());
        outcome
    }

    /// A navigation asked for during the join: the join is refused with it.
    fn refuse_join(&mut self, to: String, live: Option<bool>) -> TestError {
        let flash = self.flash();
        let mut payload = json!({ "to": to });
        if let Some(replace) = live {
            payload["kind"] = kind(replace).into();
        }
        let event = if live.is_some() {
            "live_redirect"
        } else {
            "redirect"
        };
        self.frames
            .push(to_client("reply", json!({"error": { event: payload }})));
        let mut target = redirect(&self.shared, to, flash, live);
        target.from = Some(self.navigation_from());
        let outcome = if live.is_some() {
            TestError::LiveRedirect(Box::new(target))
        } else {
            TestError::Redirect(Box::new(target))
        };
        self.end(Some(TerminateReason::Navigated), outcome.clone());
        outcome
    }

    fn crash(&mut self, why: &ViewError) -> TestError {
        let outcome = TestError::Crash(why.to_string());
        self.end(None, outcome.clone());
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
        self.inbox.closed.store(true, Ordering::Relaxed);
        for id in self.subscriptions.drain().flat_map(|(_, ids)| ids) {
            self.shared.pubsub.unsubscribe(id);
        }
        self.timers.clear();
        self.tasks.clear();
        if let (Some(reason), Some(view)) = (reason, self.view.as_mut()) {
            let _ = guarded(|| {
                view.terminate(&reason);
                Ok(())
            });
        }
        self.view = None;
    }

    /// Runs `handle_params` for a patch to `to` when it routes to this view in the same live
    /// session (`Ok(false)` otherwise), as the server does.
    fn patch_params(&mut self, to: &str) -> Result<bool, ViewError> {
        let Some(path) = self.shared.local_path(to) else {
            return Ok(false);
        };
        let Some((route, params)) = self.shared.router.find(&path) else {
            return Ok(false);
        };
        if route.factory().name() != self.route.factory().name()
            || route.live_session() != self.route.live_session()
        {
            return Ok(false);
        }
        let url = self.shared.url(&path);
        let Some(view) = self.view.as_mut() else {
            return Err("the view has ended".into());
        };
        let commands = guarded(|| view.handle_params(&params, &url))?;
        self.run_commands(commands.commands);
        self.url = url;
        Ok(true)
    }

    fn render_diff(&mut self) -> Result<Option<String>, TestError> {
        let Some(view) = self.view.as_mut() else {
            return Err(TestError::Ended);
        };
        match guarded(|| Ok(view.render_diff())) {
            Ok(diff) => Ok(diff),
            Err(why) => Err(self.crash(&why)),
        }
    }

    fn run_commands(&mut self, commands: Vec<socket::Command>) {
        for command in commands {
            match command {
                socket::Command::Timer {
                    id,
                    after,
                    repeat,
                    message,
                } => self.timers.push(Timer {
                    info: TimerInfo {
                        id,
                        after,
                        repeat,
                        due: self.clock + after,
                    },
                    message,
                }),
                socket::Command::CancelTimer(id) => self.timers.retain(|t| t.info.id != id),
                socket::Command::Subscribe { topic, deliver } => {
                    let sink: Arc<dyn MessageSink> = self.inbox.clone();
                    let id = self
                        .shared
                        .pubsub
                        .subscribe(&topic, Subscriber { deliver, sink });
                    self.subscriptions.entry(topic).or_default().push(id);
                }
                socket::Command::Unsubscribe(topic) => {
                    for id in self.subscriptions.remove(&topic).unwrap_or_default() {
                        self.shared.pubsub.unsubscribe(id);
                    }
                }
                socket::Command::Broadcast { topic, message } => {
                    self.shared.pubsub.broadcast(&topic, message)
                }
                socket::Command::Async {
                    name,
                    future,
                    on_panic,
                } => {
                    if let Some(name) = &name {
                        self.tasks.retain(|t| t.name.as_ref() != Some(name));
                        self.cancelled.push(name.clone());
                    }
                    self.tasks.push(PendingTask {
                        name,
                        future,
                        on_panic,
                    });
                }
                socket::Command::CancelAsync(name) => {
                    self.tasks.retain(|t| t.name.as_ref() != Some(&name));
                    self.cancelled.push(name);
                }
            }
        }
    }

    fn fire(&mut self, id: TimerId) -> Result<(), TestError> {
        let Some(index) = self.timers.iter().position(|t| t.info.id == id) else {
            return Ok(());
        };
        let timer = &mut self.timers[index];
        self.clock = self.clock.max(timer.info.due);
        let message = (timer.message)();
        if timer.info.repeat {
            timer.info.due += timer.info.after.max(Duration::from_nanos(1));
        } else {
            self.timers.remove(index);
        }
        self.process_info(message)?;
        self.drain_inbox()
    }

    fn process_info(&mut self, message: AnyMessage) -> Result<(), TestError> {
        let Some(view) = self.view.as_mut() else {
            return Ok(());
        };
        let result = guarded(|| view.handle_info(message));
        self.after_callback(result, false)
    }

    /// Processes the queued messages, each as `handle_info` and a pushed diff.
    fn drain_inbox(&mut self) -> Result<(), TestError> {
        let mut processed = 0;
        while self.ended.is_none() {
            let Some(message) = self.inbox.pop() else {
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
    /// the server's full render and, when switched on, against the Node oracle.
    fn apply(&mut self, raw: &str, join: bool) -> Result<(), TestError> {
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
        let rendered = self
            .client
            .to_html()
            .and_then(|html| Ok((html, self.client.to_server_html()?)));
        let (html, comparable) = match rendered {
            Ok(rendered) => rendered,
            Err(err) => return Err(self.fail(TestError::Merge(format!("{err}\n  diff: {raw}")))),
        };
        if let (true, Some(view)) = (self.shared.verify, self.view.as_mut()) {
            let expected = match guarded(|| Ok(view.render_html())) {
                Ok(expected) => expected,
                Err(why) => return Err(self.crash(&why)),
            };
            if comparable != expected {
                return Err(self.fail(TestError::Mismatch(Box::new(Mismatch {
                    diff: raw.to_owned(),
                    expected,
                    actual: comparable,
                }))));
            }
        }
        self.html = html;
        if let Some(title) = extracted.title {
            self.title = Some(title);
        }
        self.events.extend(extracted.events);
        if let Some(reply) = extracted.reply {
            self.replies.push_back(reply);
        }
        if self.shared.oracle {
            self.check_oracle()?;
        }
        Ok(())
    }

    fn check_oracle(&mut self) -> Result<(), TestError> {
        let outcome = match oracle::run(&self.id, &self.steps) {
            Ok(htmls) => match htmls.last() {
                Some(theirs) if *theirs == self.html => return Ok(()),
                Some(theirs) => format!(
                    "the official client renders\n  {theirs}\nthe harness renders\n  {}",
                    self.html
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
