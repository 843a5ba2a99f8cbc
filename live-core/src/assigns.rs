//! Tracked assigns: a view's state plus the set of fields changed since the last render.

use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::change::ChangeSet;
use crate::flash::Flash;

/// Implemented by `#[derive(LiveView)]`: the names of the tracked fields, in bit order.
///
/// Written by hand it looks like this:
///
/// ```
/// use live_core::Tracked;
/// struct Counter { count: i64 }
/// impl Tracked for Counter {
///     const ASSIGNS: &'static [&'static str] = &["count"];
/// }
/// assert_eq!(Counter::ASSIGNS, ["count"]);
/// ```
pub trait Tracked {
    /// Field names; field `i` has the change bit [`ChangeSet::bit(i)`](ChangeSet::bit).
    const ASSIGNS: &'static [&'static str];

    /// Called after every render, through [`Assigns::after_render`]: the derive makes it settle
    /// the log of every [`LiveVec`](crate::LiveVec) field (the client now holds what it holds)
    /// and reset the temporary assigns (fields marked `#[live(temporary)]`) to their default
    /// value, without marking them changed. Does nothing unless the derive generated it.
    ///
    /// `epoch` identifies the render, unique in the process.
    fn after_render(&mut self, epoch: u64) {
        let _ = epoch;
    }

    /// Calls `visit` with every [`Upload`](crate::Upload) field and its change bit, so the
    /// runtime can bring uploads up to date with the client and mark them changed. The derive
    /// generates it; the default has no upload.
    fn visit_uploads(&mut self, visit: &mut dyn FnMut(&mut crate::Upload, u64)) {
        let _ = visit;
    }

    /// Whether the view is persisted (`#[live(persist)]`, see [`crate::persist`]).
    #[doc(hidden)]
    const PERSIST: bool = false;

    /// The snapshot of a persisted view (`None` for others).
    #[doc(hidden)]
    fn __snapshot(&self) -> Option<Result<String, String>> {
        None
    }

    /// The state of a persisted view from its snapshot (`None` for others).
    #[doc(hidden)]
    fn __restore(snapshot: &str) -> Option<Result<Self, String>>
    where
        Self: Sized,
    {
        let _ = snapshot;
        None
    }
}

/// A view's state with change tracking.
///
/// Reading goes through `Deref` (`assigns.count`). Writing goes through the setters that
/// `#[derive(LiveView)]` generates (`set_count`, `update_count`, `count_mut`), so no change can
/// be missed: there is no `DerefMut`.
///
/// ```
/// use live_core::{Assigns, ChangeSet};
/// let assigns = Assigns::new(5u32);
/// assert_eq!(*assigns, 5);
/// assert_eq!(assigns.changed(), ChangeSet::ALL);
/// ```
#[derive(Debug, Clone)]
pub struct Assigns<V> {
    value: V,
    changed: ChangeSet,
    flash: Flash,
    /// The live action and the page title, boxed: one pointer, and no allocation for a view
    /// that has neither.
    route: Option<Box<RouteValues>>,
    /// The render that last called [`Assigns::after_render`] (0: none yet).
    epoch: u64,
}

impl<V> Assigns<V> {
    /// Wraps freshly mounted state: everything counts as changed, so the first render is full.
    pub fn new(value: V) -> Self {
        Assigns {
            value,
            changed: ChangeSet::ALL,
            flash: Flash::default(),
            route: None,
            epoch: 0,
        }
    }

    /// The assigns changed since the last render.
    pub fn changed(&self) -> ChangeSet {
        self.changed
    }

    /// Marks every assign as changed (the next render is full).
    pub fn mark_all_changed(&mut self) {
        self.changed = ChangeSet::ALL;
    }

    /// Clears the change set; called after each render.
    pub fn clear_changed(&mut self) {
        self.changed = ChangeSet::NONE;
    }

    /// What happens after a render ([`Tracked::after_render`]): temporary assigns go back to
    /// their defaults without being marked changed (the client keeps what it was sent, and the
    /// next render re-sends a temporary assign's slots only if it is set again), and every
    /// [`LiveVec`](crate::LiveVec) starts a new log.
    ///
    /// ```
    /// use live_core::{Assigns, LiveView};
    /// #[derive(LiveView)]
    /// struct Feed { #[live(temporary)] messages: Vec<String>, title: String }
    /// let mut assigns = Assigns::new(Feed { messages: vec!["hi".into()], title: "t".into() });
    /// assigns.clear_changed();
    /// assigns.after_render();
    /// assert!(assigns.messages.is_empty());
    /// assert_eq!(assigns.title, "t");
    /// assert!(assigns.changed().is_empty());
    /// ```
    pub fn after_render(&mut self)
    where
        V: Tracked,
    {
        static RENDERS: AtomicU64 = AtomicU64::new(0);
        self.epoch = RENDERS.fetch_add(1, Ordering::Relaxed) + 1;
        self.value.after_render(self.epoch);
    }

    /// The render that last called [`Assigns::after_render`], unique in the process (0 before
    /// the first): generated code checks that a [`LiveVec`](crate::LiveVec)'s log belongs to
    /// it.
    #[doc(hidden)]
    pub fn __render_epoch(&self) -> u64 {
        self.epoch
    }

    /// The state, unwrapped.
    pub fn into_inner(self) -> V {
        self.value
    }

    /// The flash messages (read them in templates with `assigns.flash().get("info")`).
    pub fn flash(&self) -> &Flash {
        &self.flash
    }

    /// Sets the flash message of `kind` (e.g. `"info"`, `"error"`).
    ///
    /// ```
    /// use live_core::Assigns;
    /// let mut assigns = Assigns::new(());
    /// assigns.clear_changed();
    /// assigns.put_flash("info", "Saved");
    /// assert_eq!(assigns.flash().get("info"), Some("Saved"));
    /// assert!(!assigns.changed().is_empty());
    /// ```
    pub fn put_flash(&mut self, kind: impl Into<String>, message: impl Into<String>) {
        self.flash.put(kind, message);
        self.changed.mark(ChangeSet::FLASH);
    }

    /// Clears the flash of `kind`, or all of it with `None`.
    pub fn clear_flash(&mut self, kind: Option<&str>) {
        if !self.flash.is_empty() {
            self.flash.clear(kind);
            self.changed.mark(ChangeSet::FLASH);
        }
    }

    /// Replaces the whole flash (used by the runtime when a navigation carries one).
    pub fn set_flash(&mut self, flash: Flash) {
        if self.flash != flash {
            self.flash = flash;
            self.changed.mark(ChangeSet::FLASH);
        }
    }

    /// The live action of the route the view is at (Phoenix's `@live_action`), as the router
    /// declared it (`live_server::Router::live_action`); `None` for a route without one. Kept
    /// up to date across live patches; a template slot reading it is re-rendered only when it
    /// changes.
    ///
    /// ```
    /// use live_core::{Assigns, ChangeSet};
    /// let mut assigns = Assigns::new(());
    /// assigns.clear_changed();
    /// assigns.set_live_action(Some("new"));
    /// assert_eq!(assigns.live_action(), Some("new"));
    /// assert!(assigns.changed().any(ChangeSet::LIVE_ACTION));
    /// ```
    pub fn live_action(&self) -> Option<&str> {
        self.route.as_ref()?.live_action.as_deref()
    }

    /// Sets the live action (the runtime does this from the route's params on mount and on
    /// every patch); marks it changed when it differs.
    pub fn set_live_action(&mut self, action: Option<&str>) {
        if self.live_action() != action {
            self.route.get_or_insert_default().live_action = action.map(std::sync::Arc::from);
            self.changed.mark(ChangeSet::LIVE_ACTION);
        }
    }

    /// The page title the view set with
    /// [`Socket::set_page_title`](crate::Socket::set_page_title) (`None` before it sets one);
    /// the runtime brings it here before each render. Tracked like an assign: a template slot
    /// reading `assigns.page_title()` is re-rendered only when the title changes. (A title set
    /// by a [`LiveComponent`](crate::live_component::LiveComponent) reaches the view's
    /// template at the view's next render.)
    ///
    /// ```
    /// use live_core::{Assigns, ChangeSet};
    /// let mut assigns = Assigns::new(());
    /// assigns.clear_changed();
    /// assigns.set_page_title(Some("Inbox"));
    /// assert_eq!(assigns.page_title(), Some("Inbox"));
    /// assert!(assigns.changed().any(ChangeSet::PAGE_TITLE));
    /// assigns.clear_changed();
    /// assigns.set_page_title(Some("Inbox"));
    /// assert!(assigns.changed().is_empty());
    /// ```
    pub fn page_title(&self) -> Option<&str> {
        self.route.as_ref()?.page_title.as_deref()
    }

    /// Sets the page title templates read (the runtime does this from
    /// [`Socket::pending_title`](crate::Socket::pending_title)); marks it changed when it
    /// differs.
    pub fn set_page_title(&mut self, title: Option<&str>) {
        if self.page_title() != title {
            self.route.get_or_insert_default().page_title = title.map(str::to_owned);
            self.changed.mark(ChangeSet::PAGE_TITLE);
        }
    }

    /// Mutable access for generated setters: the state and the change set to mark.
    #[doc(hidden)]
    pub fn __parts_mut(&mut self) -> (&mut V, &mut ChangeSet) {
        (&mut self.value, &mut self.changed)
    }
}

/// The socket-level values of [`Assigns`] that come from the route and the socket rather than
/// from the view's state.
#[derive(Debug, Clone, Default)]
struct RouteValues {
    /// The live action of the route the view is at (`Params::live_action`).
    live_action: Option<std::sync::Arc<str>>,
    /// The page title the view set (`Socket::set_page_title`), as templates read it.
    page_title: Option<String>,
}

impl<V> Deref for Assigns<V> {
    type Target = V;

    fn deref(&self) -> &V {
        &self.value
    }
}
