//! What a test interaction can end in besides HTML: navigation away, a crash, or a finding of
//! the harness (a wrong diff, a missing element).

use live_core::Flash;

use super::app::{NavigationFrom, Shared};
use super::view::TestView;

/// How a test interaction ended, when it did not end with the view's new HTML.
///
/// Navigation is an outcome, not a failure of the harness: [`TestError::Redirect`] and
/// [`TestError::LiveRedirect`] carry a [`Redirect`] that can be followed.
///
/// ```
/// use live_server::testing::{LiveTest, TestError};
/// # let router = live_server::testing::__fixture::router();
/// // The fixture's `/private` route halts in `on_mount` without a `user` in the session.
/// match LiveTest::new(&router).live("/private") {
///     Err(TestError::Redirect(redirect)) => assert_eq!(redirect.to, "/"),
///     other => panic!("expected a redirect, got {other:?}"),
/// }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TestError {
    /// No live route matches the path.
    NoRoute(String),
    /// A full page load to another URL: an `on_mount` halt, a `redirect` from the view, or any
    /// navigation during the static (HTTP) render, which the server answers with a 302.
    Redirect(Box<Redirect>),
    /// A live navigation (`push_navigate`, a `data-phx-link="redirect"` link, or a patch to
    /// another view): the client mounts the target over the same socket when it is in the same
    /// live session.
    LiveRedirect(Box<Redirect>),
    /// A view callback returned an error or panicked: the view crashed (the server would send
    /// `phx_error`).
    Crash(String),
    /// `handle_event` returned a [`ParamsError`](live_core::ParamsError): the params did not
    /// fit the view's types. The server answers such an event with an error reply and keeps
    /// the view running; so does the harness.
    Params(String),
    /// The selector is not valid CSS (of the supported subset).
    Selector(String),
    /// The selector matched no element, or several where one was needed.
    Element(String),
    /// The element cannot produce this event (no binding attribute, disabled, bad target).
    Binding(String),
    /// The form has no such field, or the values are not form values.
    Form(String),
    /// The diff, merged as the official client merges it, does not give the HTML of the
    /// server's own full render of the same state: the diff is wrong.
    Mismatch(Box<Mismatch>),
    /// The official client could not apply the diff (it would throw).
    Merge(String),
    /// With the oracle switched on: the official client's merge (run in Node) disagrees with
    /// the harness, or could not run.
    Oracle(String),
    /// [`TestView::send`] got a message of another type than the view's `Info`; the view is
    /// untouched.
    WrongMessage(String),
    /// [`TestView::render_async`] gave up waiting for async tasks.
    AsyncTimeout(String),
    /// An upload of [`FileInput`](crate::testing::FileInput) was refused: the entry has errors
    /// (as `[ref, code]` pairs, e.g. `too_large`), the preflight gave no token, or the view
    /// refused the entry's upload channel.
    Upload(String),
    /// The view has ended (it navigated away or crashed); see [`TestView::ended`].
    Ended,
}

impl std::fmt::Display for TestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TestError::NoRoute(path) => write!(f, "no live route matches {path:?}"),
            TestError::Redirect(r) => write!(f, "redirected to {:?}", r.to),
            TestError::LiveRedirect(r) => write!(f, "live-redirected to {:?}", r.to),
            TestError::Crash(why) => write!(f, "the view crashed: {why}"),
            TestError::Params(why) => write!(f, "the event's params were refused: {why}"),
            TestError::Selector(why)
            | TestError::Element(why)
            | TestError::Binding(why)
            | TestError::Form(why) => f.write_str(why),
            TestError::Upload(why) => write!(f, "upload refused: {why}"),
            TestError::Mismatch(mismatch) => mismatch.fmt(f),
            TestError::Merge(why) => write!(f, "wrong diff: {why}"),
            TestError::Oracle(why) => write!(f, "oracle: {why}"),
            TestError::WrongMessage(why) => f.write_str(why),
            TestError::AsyncTimeout(why) => f.write_str(why),
            TestError::Ended => f.write_str("the view has ended"),
        }
    }
}

impl std::error::Error for TestError {}

impl TestError {
    /// The redirect, for both kinds of navigation.
    ///
    /// ```
    /// use live_server::testing::LiveTest;
    /// # let router = live_server::testing::__fixture::router();
    /// let err = LiveTest::new(&router).live("/private").unwrap_err();
    /// assert_eq!(err.redirect().map(|r| r.to.as_str()), Some("/"));
    /// ```
    pub fn redirect(&self) -> Option<&Redirect> {
        match self {
            TestError::Redirect(r) | TestError::LiveRedirect(r) => Some(r),
            _ => None,
        }
    }

    /// Follows a redirect (see [`Redirect::follow`]); any other error is returned as is.
    ///
    /// ```
    /// use live_server::testing::LiveTest;
    /// # let router = live_server::testing::__fixture::router();
    /// let mut home = LiveTest::new(&router).live("/private").unwrap_err().follow_redirect()?;
    /// assert!(home.render().contains("Count: <span id=\"count\">0</span>"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn follow_redirect(self) -> Result<TestView, TestError> {
        match self {
            TestError::Redirect(r) | TestError::LiveRedirect(r) => r.follow(),
            other => Err(other),
        }
    }
}

/// Where a navigation goes, with the flash it carries.
///
/// ```
/// use live_server::testing::{live, TestError};
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live(&router, "/")?;
/// let Err(TestError::LiveRedirect(redirect)) = view.element("#leave").render_click(()) else {
///     panic!("expected a live redirect");
/// };
/// assert_eq!(redirect.to, "/about");
/// assert_eq!(redirect.flash.get("info"), Some("Bye"));
/// assert!(!redirect.replace);
/// # Ok::<(), TestError>(())
/// ```
#[derive(Clone)]
pub struct Redirect {
    /// The target path (and query), or an external URL.
    pub to: String,
    /// The flash the target view starts with (the server signs it into the navigation).
    pub flash: Flash,
    /// For a live navigation: replace the history entry instead of pushing one.
    pub replace: bool,
    pub(crate) live: bool,
    pub(crate) shared: Shared,
    pub(crate) from: Option<NavigationFrom>,
}

impl std::fmt::Debug for Redirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redirect")
            .field("to", &self.to)
            .field("flash", &self.flash)
            .field("replace", &self.replace)
            .field("live", &self.live)
            .finish_non_exhaustive()
    }
}

impl Redirect {
    /// Goes where the redirect points, as the browser and the client would: a live navigation
    /// to a view of the same live session mounts it connected over the same socket (same
    /// container id, the redirect's flash); anything else is a full page load (static render
    /// then join, the flash through the cookie for a full redirect).
    ///
    /// ```
    /// use live_server::testing::live;
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live(&router, "/")?;
    /// let redirect = view.element("#leave").render_click(()).unwrap_err().redirect().cloned().expect("navigated");
    /// let mut next = redirect.follow()?;
    /// assert_eq!(next.path(), "/about");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn follow(&self) -> Result<TestView, TestError> {
        super::app::follow(self)
    }
}

/// The merged diff gives other HTML than the server's full render of the same state.
///
/// ```
/// use live_server::testing::{live, TestError};
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live(&router, "/")?;
/// let Err(TestError::Mismatch(mismatch)) = view.inject_diff(r#"{"0":"7"}"#) else {
///     panic!("expected a mismatch");
/// };
/// assert!(mismatch.expected.contains(">0<"));
/// assert!(mismatch.actual.contains(">7<"));
/// # Ok::<(), TestError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The diff (JSON) whose merge went wrong.
    pub diff: String,
    /// The server's full render of the view's state.
    pub expected: String,
    /// The client's HTML after merging the diff.
    pub actual: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = self
            .expected
            .char_indices()
            .zip(self.actual.chars())
            .find(|((_, a), b)| a != b)
            .map_or(self.expected.len().min(self.actual.len()), |((i, _), _)| i);
        let context = |text: &str| {
            let start = text.floor_char_boundary_compat(at.saturating_sub(40));
            let end = text.floor_char_boundary_compat((at + 40).min(text.len()));
            format!("…{}…", &text[start..end])
        };
        write!(
            f,
            "wrong diff: merging {} as the official client does gives other HTML than the server's render\n  first difference at byte {at}\n  server: {}\n  client: {}\n  (a view with temporary assigns or an impure render needs LiveTest::verify(false))",
            self.diff,
            context(&self.expected),
            context(&self.actual)
        )
    }
}

/// `str::floor_char_boundary` is not stable on our minimum Rust version.
trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, index: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, index: usize) -> usize {
        let mut index = index.min(self.len());
        while !self.is_char_boundary(index) {
            index -= 1;
        }
        index
    }
}
