#![doc = include_str!("../docs/testing.md")]

mod app;
mod dom;
mod element;
mod error;
mod executor;
mod frame;
mod merge;
mod nested;
mod oracle;
mod payload;
mod runtime;
mod selector;
mod snapshot;
mod stream_dom;
mod upload;
mod view;

#[doc(hidden)]
#[path = "fixture.rs"]
pub mod __fixture;

pub use app::{live, live_isolated, LiveTest};
pub use element::{Element, Form};
pub use error::{Mismatch, Redirect, TestError};
pub use frame::{Direction, Frame};
pub use live_core::socket::TimerId;
pub use merge::{Extracted, MergeError, MergedTree, PushEvent};
pub use runtime::TimerInfo;
pub use snapshot::pretty_html;
pub use upload::FileInput;
pub use view::TestView;

#[cfg(feature = "testing-snapshots")]
#[doc(hidden)]
pub use insta as __insta;

/// Snapshots the HTML of a [`TestView`](crate::testing::TestView) with
/// [insta](https://insta.rs): pretty-printed, the view id replaced by `phx-view`
/// ([`TestView::html_snapshot`](crate::testing::TestView::html_snapshot)). Needs the feature
/// `testing-snapshots`.
///
/// Forms: `assert_html_snapshot!(view)`, `assert_html_snapshot!("name", view)`,
/// `assert_html_snapshot!(view, @"inline snapshot")`.
///
/// ```
/// use live_server::assert_html_snapshot;
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live_server::testing::live(&router, "/about")?;
/// assert_html_snapshot!(view, @r#"
/// <div id="about">
///   <h1>About</h1>
///   <p id="flash"></p>
/// </div>
/// "#);
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
#[cfg(feature = "testing-snapshots")]
#[macro_export]
macro_rules! assert_html_snapshot {
    ($view:expr, @$snapshot:literal $(,)?) => {
        $crate::testing::__insta::assert_snapshot!(
            $crate::testing::TestView::html_snapshot(&mut $view),
            @$snapshot
        )
    };
    ($name:expr, $view:expr $(,)?) => {
{
        let html_snapshot = $crate::testing::TestView::html_snapshot(&mut $view);
        $crate::testing::__insta::assert_snapshot!($name, html_snapshot)
    }};
    ($view:expr $(,)?) => {
{
        let html_snapshot = $crate::testing::TestView::html_snapshot(&mut $view);
        $crate::testing::__insta::assert_snapshot!(html_snapshot)
    }};
}

/// Snapshots what the last interaction of a [`TestView`](crate::testing::TestView) sent and
/// received — the event and the diff JSON it produced — with [insta](https://insta.rs)
/// ([`TestView::frames_snapshot`](crate::testing::TestView::frames_snapshot)). Needs the
/// feature `testing-snapshots`.
///
/// Forms: `assert_diff_snapshot!(view)`, `assert_diff_snapshot!("name", view)`,
/// `assert_diff_snapshot!(view, @"inline snapshot")`.
///
/// ```
/// use live_server::assert_diff_snapshot;
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live_server::testing::live(&router, "/")?;
/// view.element("#inc").render_click(())?;
/// assert_diff_snapshot!(view, @r#"
/// → event {
///   "event": "inc",
///   "type": "click",
///   "value": {
///     "by": "1",
///     "value": ""
///   }
/// }
///
/// ← reply {
///   "diff": {
///     "0": "1"
///   }
/// }
/// "#);
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
#[cfg(feature = "testing-snapshots")]
#[macro_export]
macro_rules! assert_diff_snapshot {
    ($view:expr, @$snapshot:literal $(,)?) => {
        $crate::testing::__insta::assert_snapshot!(
            $crate::testing::TestView::frames_snapshot(&$view),
            @$snapshot
        )
    };
    ($name:expr, $view:expr $(,)?) => {
{
        let frames_snapshot = $crate::testing::TestView::frames_snapshot(&$view);
        $crate::testing::__insta::assert_snapshot!($name, frames_snapshot)
    }};
    ($view:expr $(,)?) => {
{
        let frames_snapshot = $crate::testing::TestView::frames_snapshot(&$view);
        $crate::testing::__insta::assert_snapshot!(frames_snapshot)
    }};
}
