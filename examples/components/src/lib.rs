//! The LiveComponents demo: a todo list made of stateful components.
//!
//! - [`TodoPage`] (at `/`) holds the todos. Each row is a [`TodoRow`] component
//!   (`<.live_component module={TodoRow} id={todo.id} …/>`) with its own state: an inline edit
//!   form (`phx-change`/`phx-submit` with `phx-target={@myself}`) validated by the row itself,
//!   which tells the page the new title with `send_parent`. Deleting a row removes its
//!   component: the client asks for its destruction and its state is dropped
//!   ([`live_rows`] counts the rows alive on the server, at `/stats`).
//! - [`NewTodo`] is the form adding a todo, a component validating its own input; "Crash the
//!   page" makes the view fail, and the client's form recovery brings the typed title back into
//!   the fresh component after the rejoin.
//! - "Ping the first row" broadcasts on the PubSub topic [`TOPIC`]; every page receives it in
//!   `handle_info` and pings its first row with `send_update`.
//! - [`Modal`] is a component opened by a button outside it (`phx-target="#modal"`: events are
//!   routed to the component holding the selected element) and closed by its own button.
//! - [`Timer`] is a sticky child view rendered by both pages of the live session: navigating
//!   from `/` to `/about` and back keeps it running, with its state.
//! - [`ActivityLog`] is a component owning a stream: the page tells it what happened (added,
//!   renamed, deleted, pinged) with `send_update`, it inserts a line at the top of its
//!   `phx-update="stream"` list keeping the newest [`LOG_LIMIT`], each line dismisses itself
//!   (`phx-target={@myself}`) and "Clear" resets the stream. The lines live in the browser only:
//!   the component forgets them after each render.
//!
//! ```
//! use components::TodoPage;
//! use live_core::runtime::ViewRuntime;
//! use live_core::{Event, Params, Session};
//!
//! let mut page = ViewRuntime::<TodoPage>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! let joined: serde_json::Value = serde_json::from_str(&page.join_rendered())?;
//! // Three rows, the modal, the new-todo form and the activity log: six components, cids 1 to 6.
//! assert_eq!(joined["c"].as_object().map(|c| c.len()), Some(6));
//! // "Edit" on the second row reaches that row only.
//! page.handle_event(&Event::new("click", "edit", serde_json::json!({})).with_cid(2))?;
//! let diff = page.render_diff().expect("the row re-renders");
//! assert!(diff.starts_with(r#"{"c":{"2":"#), "{diff}");
//! # Ok::<(), live_core::ViewError>(())
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use live_core::components::header;
use live_core::link::link;
use live_core::live_component::ComponentSocket;
use live_core::{
    html, live_render, Assigns, Event, LiveComponent, LiveView, Params, Rendered, Session, Socket,
    Stream, ViewError,
};
use live_server::handler::Response;
use live_server::Router;

/// The PubSub topic of pings.
pub const TOPIC: &str = "todos";

/// The longest title a row accepts.
pub const MAX_TITLE: usize = 80;

/// The most todos a page keeps.
pub const MAX_TODOS: usize = 200;

static LIVE_ROWS: AtomicUsize = AtomicUsize::new(0);

/// How many [`TodoRow`] components hold state on this server right now (mounted and not yet
/// dropped).
pub fn live_rows() -> usize {
    LIVE_ROWS.load(Ordering::Relaxed)
}

/// One todo.
#[derive(Debug, Clone, PartialEq)]
pub struct Todo {
    /// Its id (the row component's id).
    pub id: u32,
    /// Its title.
    pub title: String,
}

/// What rows tell the page.
#[derive(Debug, Clone)]
pub enum ToPage {
    /// A row saved a new title.
    Renamed(u32, String),
    /// A ping broadcast on [`TOPIC`].
    Ping,
    /// The new-todo form saved a title.
    Add(String),
}

/// The page at `/`: the todos, a form to add one, the modal and the timer.
#[derive(LiveView)]
pub struct TodoPage {
    todos: Vec<Todo>,
    next_id: u32,
}

impl LiveView for TodoPage {
    type Info = ToPage;

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.subscribe::<Ping>(TOPIC);
        let todos = ["Buy milk", "Write docs", "Ship it"]
            .iter()
            .zip(1..)
            .map(|(title, id)| Todo {
                id,
                title: (*title).to_owned(),
            })
            .collect();
        Ok(TodoPage { todos, next_id: 4 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "add" => {
                let title = event.params().get_str("title").unwrap_or_default().trim();
                if title.is_empty() || assigns.todos.len() >= MAX_TODOS {
                    return Ok(());
                }
                let todo = Todo {
                    id: assigns.next_id,
                    title: title.chars().take(MAX_TITLE).collect(),
                };
                log(socket, format!("Added {}", todo.title));
                assigns.update_next_id(|id| *id += 1);
                assigns.update_todos(|todos| todos.push(todo));
            }
            "delete" => {
                let id = event
                    .params()
                    .get_str("id")
                    .and_then(|id| id.parse::<u32>().ok());
                if let Some(todo) = assigns.todos.iter().find(|todo| Some(todo.id) == id) {
                    log(socket, format!("Deleted {}", todo.title));
                }
                assigns.update_todos(|todos| todos.retain(|todo| Some(todo.id) != id));
            }
            "ping" => socket.broadcast(TOPIC, Ping),
            "crash" => panic!("the page crashed on purpose (its forms are recovered on rejoin)"),
            _ => {}
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        message: ToPage,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match message {
            ToPage::Renamed(id, title) => {
                log(socket, format!("Renamed todo {id} to {title}"));
                assigns.update_todos(|todos| {
                    if let Some(todo) = todos.iter_mut().find(|todo| todo.id == id) {
                        todo.title = title;
                    }
                });
            }
            ToPage::Add(title) => {
                if assigns.todos.len() < MAX_TODOS {
                    log(socket, format!("Added {title}"));
                    let id = assigns.next_id;
                    assigns.update_next_id(|id| *id += 1);
                    assigns.update_todos(|todos| todos.push(Todo { id, title }));
                }
            }
            ToPage::Ping => {
                if let Some(first) = assigns.todos.first() {
                    log(socket, format!("Pinged {}", first.title));
                    socket.send_update::<TodoRow>(
                        first.id.to_string(),
                        RowAttrs {
                            todo: first.clone(),
                            ping: true,
                        },
                    );
                }
            }
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="todo-page">
                // Plain markup rather than <.header>: a component call before the rows would be
                // rendered first (it reads no assign), and the rows' cids would no longer be 1..n.
                <header class="header">
                    <div><h1>Todos</h1><p class="subtitle">Each row is a live component with its own state.</p></div>
                </header>
                <div class="card">
                    <ul id="todos" class="rows">
                        <.live_component :for={todo in @todos.iter()} :key={todo.id} module={TodoRow} id={todo.id} todo={todo.clone()} ping={false}/>
                    </ul>
                    <div class="row">
                        <button id="ping" class="btn btn-secondary" phx-click="ping">Ping the first row (PubSub)</button>
                        <button id="open-modal" class="btn btn-secondary" phx-click="open" phx-target="#modal">About this list</button>
                        <.link id="to-about" navigate="/about" class="btn btn-ghost">About page</.link>
                    </div>
                </div>
                <.live_component module={Modal} id="modal"/>
                <div class="card">
                    <.live_component module={NewTodo} id="new-todo"/>
                </div>
                <.live_component module={ActivityLog} id="log" attrs={None}/>
                <p class="muted"><button id="crash-page" class="btn btn-danger" phx-click="crash">Crash the page</button> " The client rejoins and recovers the form above into its component."</p>
                {live_render::<Timer>("timer").sticky()}
            </div>
        }
    }
}

/// Records `line` in the page's [`ActivityLog`].
fn log(socket: &mut Socket<TodoPage>, line: String) {
    socket.send_update::<ActivityLog>("log", Some(line));
}

/// The PubSub message on [`TOPIC`] (plain data: it may cross nodes).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Ping;

impl From<Ping> for ToPage {
    fn from(_: Ping) -> Self {
        ToPage::Ping
    }
}

/// One row: shows a todo, edits its title inline.
#[derive(LiveComponent)]
pub struct TodoRow {
    todo: Todo,
    editing: bool,
    draft: String,
    error: Option<String>,
    pings: u32,
}

/// What the page gives a row.
pub struct RowAttrs {
    /// The todo shown.
    pub todo: Todo,
    /// Count a ping (from `send_update`).
    pub ping: bool,
}

impl Drop for TodoRow {
    fn drop(&mut self) {
        LIVE_ROWS.fetch_sub(1, Ordering::Relaxed);
    }
}

impl LiveComponent for TodoRow {
    type Attrs = RowAttrs;

    fn mount(attrs: &RowAttrs, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        LIVE_ROWS.fetch_add(1, Ordering::Relaxed);
        Ok(TodoRow {
            todo: attrs.todo.clone(),
            editing: false,
            draft: String::new(),
            error: None,
            pings: 0,
        })
    }

    fn update(
        assigns: &mut Assigns<Self>,
        attrs: RowAttrs,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        assigns.set_todo(attrs.todo);
        if attrs.ping {
            assigns.update_pings(|n| *n += 1);
        }
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        let title = event.params().get_str("title").unwrap_or_default();
        match event.name() {
            "edit" => {
                let draft = assigns.todo.title.clone();
                assigns.set_draft(draft);
                assigns.set_error(None);
                assigns.set_editing(true);
            }
            "cancel" => assigns.set_editing(false),
            "validate" => {
                assigns.set_error(validate(title).err());
                assigns.set_draft(title.to_owned());
            }
            "save" => match validate(title) {
                Ok(title) => {
                    socket.send_parent(ToPage::Renamed(assigns.todo.id, title));
                    assigns.set_editing(false);
                }
                Err(error) => {
                    assigns.set_error(Some(error));
                    assigns.set_draft(title.to_owned());
                }
            },
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <li id={format!("row-{}", @todo.id)} class="todo">
                {if @editing {
                    <form id={format!("edit-{}", @todo.id)} class="row grow" phx-change="validate" phx-submit="save" phx-target={@myself}>
                        <input type="text" name="title" class="grow" aria-label="Title" value={@draft.as_str()}/>
                        <button type="submit" class="btn btn-primary">Save</button>
                        <button type="button" class="cancel btn btn-ghost" phx-click="cancel" phx-target={@myself}>Cancel</button>
                        <span class="error" :if={@error.is_some()}>{@error.as_deref().unwrap_or_default()}</span>
                    </form>
                } else {
                    <span class="title">{@todo.title.as_str()}</span>
                    <button class="edit btn btn-ghost" phx-click="edit" phx-target={@myself}>Edit</button>
                    <button class="delete btn btn-ghost" phx-click="delete" phx-value-id={@todo.id}>Delete</button>
                }}
                <small class="pings">{@pings}</small>
            </li>
        }
    }
}

/// A title as a row accepts it: trimmed, not empty, at most [`MAX_TITLE`] characters.
///
/// ```
/// assert_eq!(components::validate("  tea "), Ok("tea".to_owned()));
/// assert!(components::validate(" ").is_err());
/// ```
pub fn validate(title: &str) -> Result<String, String> {
    let title = title.trim();
    if title.is_empty() {
        return Err("can't be blank".to_owned());
    }
    if title.chars().count() > MAX_TITLE {
        return Err(format!("at most {MAX_TITLE} characters"));
    }
    Ok(title.to_owned())
}

/// The form adding a todo: validated by the component on every change, saved through the
/// page with `send_parent`. It is always on the page, so after a crash the client's form
/// recovery sends its values back to it (a `phx-change` event with its cid).
#[derive(LiveComponent)]
pub struct NewTodo {
    draft: String,
    error: Option<String>,
}

impl LiveComponent for NewTodo {
    type Attrs = ();

    fn mount(_: &(), _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        Ok(NewTodo {
            draft: String::new(),
            error: None,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        let title = event.params().get_str("title").unwrap_or_default();
        let title: String = title.chars().take(MAX_TITLE + 1).collect();
        match event.name() {
            "validate" => {
                assigns.set_error(validate(&title).err());
                assigns.set_draft(title);
            }
            "save" => match validate(&title) {
                Ok(title) => {
                    socket.send_parent(ToPage::Add(title));
                    assigns.set_draft(String::new());
                    assigns.set_error(None);
                }
                Err(error) => assigns.set_error(Some(error)),
            },
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <form id="new-todo" class="row" phx-change="validate" phx-submit="save" phx-target={@myself}>
                <input type="text" name="title" class="grow" aria-label="New todo" value={@draft.as_str()} placeholder="What next?"/>
                <button type="submit" class="btn btn-primary">Add</button>
                <span class="error" :if={@error.is_some()}>{@error.as_deref().unwrap_or_default()}</span>
                <span class="preview">{@draft.as_str()}</span>
            </form>
        }
    }
}

/// A modal dialog: opened and closed by its own events.
#[derive(LiveComponent)]
pub struct Modal {
    open: bool,
}

impl LiveComponent for Modal {
    type Attrs = ();

    fn mount(_: &(), _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        Ok(Modal { open: false })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "open" => assigns.set_open(true),
            "close" => assigns.set_open(false),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="modal" class={["modal", (!@open).then_some("hidden")]}>
                <div :if={@open} class="modal-body">
                    <div class="card">
                        <p>Each row is a LiveComponent with its own state; this dialog is one too.</p>
                        <button id="close-modal" class="btn btn-secondary" phx-click="close" phx-target={@myself}>Close</button>
                    </div>
                </div>
            </div>
        }
    }
}

/// How many lines the [`ActivityLog`] keeps on the page (the newest).
pub const LOG_LIMIT: i32 = 5;

/// One line of the [`ActivityLog`].
#[derive(Debug, Clone)]
pub struct Activity {
    /// Its number (its DOM id is `activity-{id}`).
    pub id: u64,
    /// What happened.
    pub text: String,
}

/// The page's activity log: a component owning a [`Stream`]. The page sends it lines with
/// `send_update::<ActivityLog>("log", Some(line))` (rendering it passes `None`); each line goes
/// on top of the list, which keeps the newest [`LOG_LIMIT`]; a line's "×" deletes it and
/// "Clear" resets the stream. The component holds no line once it rendered it.
///
/// ```
/// use components::{ActivityLog, TodoPage};
/// use live_core::runtime::ViewRuntime;
/// use live_core::{Event, Params, Session};
///
/// let mut page = ViewRuntime::<TodoPage>::mount("phx-1", &Params::default(), &Session::default(), None)?;
/// page.join_rendered();
/// page.handle_event(&Event::new("click", "delete", serde_json::json!({"id": "1"})))?;
/// let diff = page.render_diff().expect("a diff");
/// assert!(diff.contains(r#""stream":["activity",[["activity-1",0,5,false]],[]]"#), "{diff}");
/// assert_eq!(page.component::<ActivityLog>("log").map(|log| log.held()), Some(0));
/// # Ok::<(), live_core::ViewError>(())
/// ```
#[derive(LiveComponent)]
pub struct ActivityLog {
    lines: Stream<Activity>,
    next: u64,
}

impl ActivityLog {
    /// How many lines the component holds (queued for its next render; 0 once rendered).
    pub fn held(&self) -> usize {
        self.lines.iter().len()
    }
}

impl LiveComponent for ActivityLog {
    type Attrs = Option<String>;

    fn mount(_: &Option<String>, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        let mut lines = Stream::new("activity", |line: &Activity| line.id);
        lines.set_limit(Some(LOG_LIMIT));
        Ok(ActivityLog { lines, next: 1 })
    }

    fn update(
        assigns: &mut Assigns<Self>,
        line: Option<String>,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        if let Some(text) = line {
            let id = assigns.next;
            assigns.set_next(id + 1);
            assigns.update_lines(|lines| lines.insert_at(0, Activity { id, text }));
        }
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "dismiss" => {
                if let Ok(id) = event.params().get::<u64>("id") {
                    assigns.update_lines(|lines| lines.delete_by_dom_id(format!("activity-{id}")));
                }
            }
            "clear" => assigns.update_lines(Stream::reset),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <section id="activity" class="card">
                <div class="spread"><h2>Activity</h2><button id="clear-activity" class="btn btn-ghost" phx-click="clear" phx-target={@myself}>Clear</button></div>
                <ol id="activity-lines" phx-update="stream">
                    <li :for={(dom_id, line) in @lines.iter()} id={dom_id}>
                        <span class="line">{line.text.as_str()}</span>
                        <button class="dismiss btn btn-ghost" aria-label="dismiss" phx-click="dismiss" phx-value-id={line.id} phx-target={@myself}>"×"</button>
                    </li>
                </ol>
            </section>
        }
    }
}

/// The sticky timer: its own view, kept running across live navigation.
#[derive(LiveView)]
pub struct Timer {
    seconds: u64,
    laps: u32,
}

/// The timer's tick.
#[derive(Debug, Clone)]
pub struct Tick;

impl LiveView for Timer {
    type Info = Tick;

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.send_interval(Duration::from_secs(1), Tick);
        Ok(Timer {
            seconds: 0,
            laps: 0,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "lap" => assigns.update_laps(|n| *n += 1),
            "crash" => panic!("the timer crashed on purpose"),
            _ => {}
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        _: Tick,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_seconds(|s| *s += 1);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <aside id="timer-panel" class="card spread">
                <p>Timer: <span id="timer-seconds">{@seconds}</span> s, laps: <span id="timer-laps">{@laps}</span></p>
                <div class="row">
                    <button id="timer-lap" class="btn btn-secondary" phx-click="lap">Lap</button>
                    <button id="timer-crash" class="btn btn-ghost" phx-click="crash">Crash the timer</button>
                </div>
            </aside>
        }
    }
}

/// The page at `/about`, in the same live session: the timer stays.
#[derive(LiveView)]
pub struct About {}

impl LiveView for About {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(About {})
    }

    fn render(_: &Assigns<Self>) -> Rendered {
        html! {
            <div id="about-page">
                <.header>
                    About
                    <:subtitle>The timer below is the same view as on the list: it kept running.</:subtitle>
                    <:actions><.link id="to-list" navigate="/" class="btn btn-secondary">Back to the list</.link></:actions>
                </.header>
                {live_render::<Timer>("timer").sticky()}
            </div>
        }
    }
}

/// The demo's routes: both pages in the live session `"app"`, and `/stats` (the number of
/// row components alive on the server, as text).
pub fn router() -> Router {
    Router::new()
        .live_session("app", |r| r.live::<TodoPage>("/").live::<About>("/about"))
        .get("/stats", |_| Response::text(live_rows().to_string()))
}
