//! The feed demo: streams. An infinite scroll over a million generated items, in both
//! directions, that never holds more than [`LIMIT`] rows in the DOM and none on the server; new
//! items arriving at the top on a timer; delete buttons and in-place edits on rows.
//!
//! The rows live in a [`Stream`]: each event queues the rows to show, the render sends them, and
//! the server forgets them. Scrolling to the bottom of the list (`phx-viewport-bottom`) appends
//! the next page with a negative limit (the client drops rows from the top), scrolling back to
//! the top (`phx-viewport-top`) prepends the previous page with a positive limit (it drops rows
//! from the bottom).
//!
//! ```
//! use live_core::{runtime::ViewRuntime, Event, Params, Session};
//! let mut view = ViewRuntime::<feed::Feed>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! let joined = view.join_rendered();
//! assert!(joined.contains(r#"["items-0",-1,null,false]"#));
//! let next = serde_json::json!({"id": "items-19"});
//! view.handle_event(&Event::new("js", "next-page", next))?;
//! let diff = view.render_diff().unwrap_or_default();
//! assert!(diff.contains(r#"["items-20",-1,-60,false]"#), "{diff}");
//! # Ok::<(), live_core::ViewError>(())
//! ```

use std::collections::HashMap;
use std::time::Duration;

use live_core::components::header;
use live_core::js::HideOpts;
use live_core::stream::Placement;
use live_core::{
    html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, Stream, ViewError, JS,
};
use live_server::Router;

/// Items in the generated feed.
pub const TOTAL: u64 = 1_000_000;
/// Rows loaded per page.
pub const PAGE: u64 = 20;
/// The most rows the DOM holds.
pub const LIMIT: i32 = 60;
/// Edits (renames and deletions) remembered at most; later ones are refused.
pub const MAX_EDITS: usize = 10_000;
/// How often a new item arrives (unless the URL says `?tick=<ms>`).
pub const TICK: Duration = Duration::from_secs(2);

/// One row of the feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Its number: `0..TOTAL` for the generated feed, `TOTAL..` for items that arrived live.
    pub id: u64,
    /// The text shown.
    pub title: String,
    /// Whether the row shows its edit form.
    pub editing: bool,
}

/// What the user changed about a generated item (kept so that scrolling back shows it).
#[derive(Debug, Clone, PartialEq)]
enum Edit {
    Renamed(String),
    Deleted,
}

/// The timer's message: a new item arrived.
#[derive(Debug, Clone, Copy)]
pub struct Arrival;

/// What the rows of the DOM should change by: the stream operations of one event.
#[derive(Debug, Clone, PartialEq)]
enum Rows {
    Nothing,
    Reset(Vec<Item>),
    Insert(Vec<Item>, Placement),
    Delete(u64),
    Update(Item),
}

impl Rows {
    fn apply(self, items: &mut Stream<Item>) {
        match self {
            Rows::Nothing => {}
            Rows::Reset(page) => items.reset_with(page),
            Rows::Insert(page, placement) => items.insert_many_with(page, placement),
            Rows::Delete(id) => items.delete_by_dom_id(format!("items-{id}")),
            Rows::Update(item) => items.update(item),
        }
    }
}

/// Which generated items the DOM holds, and what the user changed. A few numbers, plus the
/// edits (at most [`MAX_EDITS`]): no rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Window {
    /// Index of the first generated item the DOM holds.
    pub first: u64,
    /// One past the last generated item the DOM holds.
    pub end: u64,
    /// Live items shown above item 0.
    live_shown: u64,
    /// Live items that arrived so far.
    arrived: u64,
    /// Live items that arrived while the top of the feed was scrolled away.
    pub waiting: u64,
    edits: HashMap<u64, Edit>,
}

impl Window {
    fn item(&self, id: u64) -> Option<Item> {
        let title = match self.edits.get(&id) {
            Some(Edit::Deleted) => return None,
            Some(Edit::Renamed(title)) => title.clone(),
            None if id >= TOTAL => format!("Live item #{}", id - TOTAL + 1),
            None => format!("Item #{id}"),
        };
        Some(Item {
            id,
            title,
            editing: false,
        })
    }

    fn page(&self, range: std::ops::Range<u64>) -> Vec<Item> {
        range.filter_map(|id| self.item(id)).collect()
    }

    /// The first page (the window starts over).
    fn first_page(&mut self) -> Rows {
        self.first = 0;
        self.end = PAGE;
        self.live_shown = 0;
        self.waiting = 0;
        Rows::Reset(self.page(0..PAGE))
    }

    /// The page after item `last`, appended; rows beyond the limit leave at the top.
    fn next_page(&mut self, last: u64) -> Rows {
        let start = last.saturating_add(1).min(TOTAL);
        let stop = start.saturating_add(PAGE).min(TOTAL);
        let page = self.page(start..stop);
        self.end = stop.max(self.end);
        let rows = self.live_shown + (self.end - self.first);
        let excess = rows.saturating_sub(LIMIT as u64);
        let live_dropped = excess.min(self.live_shown);
        self.live_shown -= live_dropped;
        self.first = (self.first + excess - live_dropped).min(self.end);
        Rows::Insert(page, Placement::append().limit(-LIMIT))
    }

    /// The page before item `first`, prepended; rows beyond the limit leave at the bottom.
    fn previous_page(&mut self, first: u64) -> Rows {
        let start = first.saturating_sub(PAGE);
        // Each insert at 0 goes on top: the page is inserted last item first.
        let page: Vec<Item> = self.page(start..first).into_iter().rev().collect();
        self.first = start.min(self.first);
        let rows = self.end - self.first;
        self.end -= rows.saturating_sub(LIMIT as u64);
        Rows::Insert(page, Placement::prepend().limit(LIMIT))
    }

    /// A new item, at the top when the top is shown.
    fn arrive(&mut self) -> Rows {
        self.arrived += 1;
        if self.first > 0 {
            self.waiting += 1;
            return Rows::Nothing;
        }
        let Some(item) = self.item(TOTAL + self.arrived - 1) else {
            return Rows::Nothing;
        };
        self.live_shown += 1;
        if self.live_shown + (self.end - self.first) > LIMIT as u64 {
            if self.end > self.first {
                self.end -= 1;
            } else {
                self.live_shown -= 1;
            }
        }
        Rows::Insert(vec![item], Placement::prepend().limit(LIMIT))
    }

    fn remember(&mut self, id: u64, edit: Edit) -> bool {
        if self.edits.len() >= MAX_EDITS && !self.edits.contains_key(&id) {
            return false;
        }
        self.edits.insert(id, edit);
        true
    }

    fn delete(&mut self, id: u64) -> Rows {
        if self.remember(id, Edit::Deleted) {
            Rows::Delete(id)
        } else {
            Rows::Nothing
        }
    }

    fn edit(&mut self, id: u64) -> Rows {
        match self.item(id) {
            Some(item) => Rows::Update(Item {
                editing: true,
                ..item
            }),
            None => Rows::Nothing,
        }
    }

    fn rename(&mut self, id: u64, title: &str) -> Rows {
        let title: String = title.trim().chars().take(200).collect();
        if title.is_empty() || !self.remember(id, Edit::Renamed(title)) {
            return Rows::Nothing;
        }
        self.item(id).map_or(Rows::Nothing, Rows::Update)
    }
}

/// The feed: a window over the generated items, whose rows the client keeps.
#[derive(LiveView)]
pub struct Feed {
    items: Stream<Item>,
    window: Window,
}

impl Feed {
    /// The stream of rows (empty between renders: the server keeps no rows).
    pub fn items(&self) -> &Stream<Item> {
        &self.items
    }

    /// Which items the DOM holds.
    pub fn window(&self) -> &Window {
        &self.window
    }
}

/// The item number of a row's DOM id (`items-<n>`).
fn id_of(dom_id: &str) -> Option<u64> {
    dom_id.strip_prefix("items-")?.parse().ok()
}

/// The item number an event names in `id` (`phx-value-id`, or a row's DOM id for viewport
/// events).
fn event_id(event: &Event) -> Option<u64> {
    let id = event.params().get_str("id")?;
    id.parse().ok().or_else(|| id_of(id))
}

/// Runs `change` on the window, then applies the rows it returns to the stream.
fn change(assigns: &mut Assigns<Feed>, change: impl FnOnce(&mut Window) -> Rows) {
    let mut rows = Rows::Nothing;
    assigns.update_window(|window| rows = change(window));
    if rows != Rows::Nothing {
        assigns.update_items(|items| rows.apply(items));
    }
}

impl LiveView for Feed {
    type Info = Arrival;

    fn mount(params: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        // `?tick=<ms>` sets how often new items arrive (0: never; at least 100 ms).
        let tick = match params.get("tick").and_then(|ms| ms.parse::<u64>().ok()) {
            Some(0) => None,
            Some(ms) => Some(Duration::from_millis(ms.max(100))),
            None => Some(TICK),
        };
        if let (true, Some(tick)) = (socket.connected(), tick) {
            socket.send_interval(tick, Arrival);
        }
        let mut items = Stream::new("items", |item: &Item| item.id);
        let mut window = Window::default();
        // The first page, appended (no reset: the client holds nothing yet).
        if let Rows::Reset(page) = window.first_page() {
            items.insert_many(page);
        }
        Ok(Feed { items, window })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let id = event_id(event).filter(|id| *id < TOTAL + assigns.window.arrived);
        let overran = event.params().get_str("_overran").is_some()
            || event.params().get::<bool>("_overran").is_ok();
        match (event.name(), id) {
            ("next-page", Some(last)) if last < TOTAL => change(assigns, |w| w.next_page(last)),
            ("next-page", _) => {
                let last = assigns.window.end.saturating_sub(1);
                change(assigns, |w| w.next_page(last));
            }
            ("prev-page", _) if overran => change(assigns, Window::first_page),
            ("prev-page", Some(first)) if first < TOTAL => {
                change(assigns, |w| w.previous_page(first))
            }
            ("top", _) => change(assigns, Window::first_page),
            ("delete", Some(id)) => change(assigns, |w| w.delete(id)),
            ("edit", Some(id)) => change(assigns, |w| w.edit(id)),
            ("save", Some(id)) => {
                let title = event.params().get_str("title").unwrap_or_default();
                change(assigns, |w| w.rename(id, title));
            }
            _ => {}
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        _: Arrival,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        change(assigns, Window::arrive);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        let removed = JS::hide(HideOpts::new().transition("fading").time(150));
        html! {
            <div id="feed">
                <style>r#"#feed .feed-bar { position: sticky; top: 0; z-index: 1; background: var(--bg); padding: 0.6rem 0; border-bottom: 1px solid var(--border); } #items { list-style: none; margin: 0; padding: 0; } #items .item { height: 48px; display: flex; gap: 0.5rem; align-items: center; border-bottom: 1px solid var(--border); } #items .item .title, #items .item form { flex: 1; } #items .item form { display: flex; gap: 0.5rem; } .fading { transition: opacity 150ms; opacity: 0; }"#</style>
                <.header>
                    Feed
                    <:subtitle>A million items streamed in pages: the browser keeps at most {LIMIT} rows, the server none.</:subtitle>
                </.header>
                <div class="feed-bar spread">
                    <button id="top" class="btn btn-secondary" phx-click="top">"Back to the top"</button>
                    <span id="waiting" class="badge">{@window.waiting} " new"</span>
                    <span id="window" class="muted">{format!("items {}–{} of {TOTAL}", @window.first, @window.end)}</span>
                </div>
                <ul
                    id="items"
                    phx-update="stream"
                    phx-viewport-top={(@window.first > 0).then_some("prev-page")}
                    phx-viewport-bottom={(@window.end < TOTAL).then_some("next-page")}
                >
                    <li :for={(dom_id, item) in @items.iter()} id={dom_id} class="item" phx-remove={&removed}>
                        {if item.editing {
                            <form id={format!("edit-{}", item.id)} phx-submit="save">
                                <input type="hidden" name="id" value={item.id} />
                                <input type="text" name="title" aria-label="Title" value={&item.title} />
                                <button type="submit" class="btn btn-primary">"Save"</button>
                            </form>
                        } else {
                            <span class="title">{&item.title}</span>
                            <button class="edit btn btn-ghost" phx-click="edit" phx-value-id={item.id}>"Edit"</button>
                            <button class="delete btn btn-ghost" phx-click="delete" phx-value-id={item.id}>"Delete"</button>
                        }}
                    </li>
                </ul>
            </div>
        }
    }
}

/// The demo's routes: the feed at `/`.
pub fn router() -> Router {
    Router::new().live::<Feed>("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window follows what the client keeps: 60 rows at most, pages leaving at the far end.
    #[test]
    fn the_window_never_exceeds_the_limit() {
        let mut window = Window::default();
        window.first_page();
        for _ in 0..5 {
            let last = window.end - 1;
            window.next_page(last);
            assert!(window.end - window.first <= LIMIT as u64);
        }
        assert_eq!((window.first, window.end), (60, 120));
        window.previous_page(window.first);
        assert_eq!((window.first, window.end), (40, 100));
        assert_eq!(window.arrive(), Rows::Nothing, "the top is not shown");
        assert_eq!(window.waiting, 1);
    }
}
