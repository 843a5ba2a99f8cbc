//! Bytes on the wire for realistic templates: each case is a view and a few events, and each
//! event gives the diff the engine sends and the size of the minimal diff (only the slots whose
//! content changed).
//!
//! The minimal diff is computed from two full renders (before and after the event): a slot is
//! in it when its JSON differs, nested nodes with the same statics are compared slot by slot,
//! and a comprehension counts as the engine's own entry-by-entry diff (already minimal per
//! entry). `examples/wire_size.rs` prints the figures; `tests/wire_size.rs` asserts the diffs.
//!
//! ```
//! let cases = live_benches::wire::cases();
//! assert!(cases.iter().any(|case| case.name == "todo toggle"));
//! ```

use live_core::diff::ClientTree;
use live_core::form::{form, input, Changeset, EventParams, Form};
use live_core::link::link;
use live_core::{html, Assigns, LiveView, Rendered, Tracked};
use serde_json::Value;

/// One event of a case: what the engine sent and how many bytes the minimal diff takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What the event did.
    pub event: &'static str,
    /// The diff sent (`None`: nothing to send).
    pub sent: Option<String>,
    /// Bytes of the minimal diff (0 when nothing changed).
    pub minimal: usize,
    /// The HTML of a full render after the event (what the client must show).
    pub html: String,
}

impl Step {
    /// Bytes sent.
    pub fn sent_bytes(&self) -> usize {
        self.sent.as_ref().map_or(0, String::len)
    }
}

/// One realistic template and the events played on it.
#[derive(Debug, Clone)]
pub struct Case {
    /// The case's name.
    pub name: &'static str,
    /// The join: the full render the client starts from.
    pub join: Step,
    /// Every event, in order.
    pub steps: Vec<Step>,
}

impl Case {
    /// Bytes sent over all events.
    pub fn sent_bytes(&self) -> usize {
        self.steps.iter().map(Step::sent_bytes).sum()
    }

    /// Bytes of the minimal diffs over all events.
    pub fn minimal_bytes(&self) -> usize {
        self.steps.iter().map(|s| s.minimal).sum()
    }
}

/// A view under test: its assigns, the client's tree and its last full render as JSON.
struct Session<V: Tracked> {
    assigns: Assigns<V>,
    render: fn(&Assigns<V>) -> Rendered,
    tree: ClientTree,
    full: Value,
    steps: Vec<Step>,
}

impl<V: Tracked> Session<V> {
    fn join(view: V, render: fn(&Assigns<V>) -> Rendered) -> Self {
        let assigns = Assigns::new(view);
        let mut session = Session {
            assigns,
            render,
            tree: ClientTree::default(),
            full: Value::Null,
            steps: Vec::new(),
        };
        session.render_step("join");
        session
    }

    /// Applies `change`, renders like the runtime does and records the step.
    fn event(&mut self, event: &'static str, change: impl FnOnce(&mut Assigns<V>)) {
        change(&mut self.assigns);
        self.render_step(event);
    }

    fn render_step(&mut self, event: &'static str) {
        let mut rendered = (self.render)(&self.assigns);
        if self.tree.missing_values(&rendered) {
            self.assigns.mark_all_changed();
            rendered = (self.render)(&self.assigns);
        }
        let sent = self.tree.diff(&rendered);
        self.assigns.mark_all_changed();
        let full_render = (self.render)(&self.assigns);
        let html = full_render.to_html();
        let full = full_json(&full_render);
        self.assigns.clear_changed();
        self.assigns.after_render();
        let sent_value: Option<Value> = sent.as_deref().and_then(|s| serde_json::from_str(s).ok());
        let minimal = minimal_diff(&self.full, &full, sent_value.as_ref())
            .map_or(0, |m| serde_json::to_string(&m).map_or(0, |s| s.len()));
        self.full = full;
        self.steps.push(Step {
            event,
            sent,
            minimal,
            html,
        });
    }

    fn finish(mut self, name: &'static str) -> Case {
        let join = self.steps.remove(0);
        Case {
            name,
            join,
            steps: self.steps,
        }
    }
}

/// The JSON of a full render (what a fresh client receives).
fn full_json(rendered: &Rendered) -> Value {
    ClientTree::default()
        .diff(rendered)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or(Value::Null)
}

/// The smallest diff from `old` to `new` (both full renders): changed slots only, statics only
/// for nodes the client does not hold; comprehensions as `sent` has them.
fn minimal_diff(old: &Value, new: &Value, sent: Option<&Value>) -> Option<Value> {
    if old == new {
        return None;
    }
    let (Value::Object(old_members), Value::Object(new_members)) = (old, new) else {
        return Some(new.clone());
    };
    let is_list = |m: &serde_json::Map<String, Value>| m.contains_key("d") || m.contains_key("k");
    if is_list(old_members) || is_list(new_members) {
        return Some(sent.cloned().unwrap_or_else(|| new.clone()));
    }
    if old_members.get("s") != new_members.get("s") {
        return Some(new.clone());
    }
    let mut out = serde_json::Map::new();
    for (key, value) in new_members {
        if key == "s" || key == "r" {
            continue;
        }
        let before = old_members.get(key).unwrap_or(&Value::Null);
        let sent_member = sent.and_then(|s| s.get(key));
        if let Some(member) = minimal_diff(before, value, sent_member) {
            out.insert(key.clone(), member);
        }
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

// ---------------------------------------------------------------------------------------------
// Todo list: toggling one todo.

/// One todo.
#[derive(Debug, Clone, PartialEq)]
pub struct Todo {
    /// Its id.
    pub id: u32,
    /// Its text.
    pub title: String,
    /// Done or not.
    pub done: bool,
}

/// The todo list of TodoMVC: a new-todo input, the list, a count and three filter links.
#[derive(LiveView)]
pub struct Todos {
    todos: Vec<Todo>,
    filter: String,
}

fn render_todos(assigns: &Assigns<Todos>) -> Rendered {
    html! {
        <section class="todoapp">
            <header class="header">
                <h1>todos</h1>
                <form phx-submit="add"><input class="new-todo" name="title" placeholder="What needs to be done?" autofocus></form>
            </header>
            <ul class="todo-list">
                <li :for={todo in @todos.iter().filter(|t| visible(&@filter, t))} :key={todo.id} id={format!("todo-{}", todo.id)} class={[("completed", todo.done)]}>
                    <input class="toggle" type="checkbox" phx-click="toggle" phx-value-id={todo.id} checked={todo.done}>
                    <label>{&todo.title}</label>
                </li>
            </ul>
            <footer class="footer">
                <span class="todo-count"><strong>{@todos.iter().filter(|t| !t.done).count()}</strong> items left</span>
                <ul class="filters">
                    <li><.link patch="/?filter=all" class={selected(&@filter, "all")}>All</.link></li>
                    <li><.link patch="/?filter=active" class={selected(&@filter, "active")}>Active</.link></li>
                    <li><.link patch="/?filter=completed" class={selected(&@filter, "completed")}>Completed</.link></li>
                </ul>
                <.link navigate="/about" class="about">About</.link>
            </footer>
        </section>
    }
}

fn visible(filter: &str, todo: &Todo) -> bool {
    match filter {
        "active" => !todo.done,
        "completed" => todo.done,
        _ => true,
    }
}

fn selected(filter: &str, this: &str) -> Option<String> {
    (filter == this).then(|| "selected".to_owned())
}

fn todos() -> Todos {
    let titles = [
        "Buy milk",
        "Write the report",
        "Call the plumber",
        "Book the tickets",
    ];
    Todos {
        todos: (1u32..)
            .zip(titles)
            .map(|(id, title)| Todo {
                id,
                title: title.to_owned(),
                done: id == 2,
            })
            .collect(),
        filter: "all".to_owned(),
    }
}

/// Toggling todo 3, then todo 1.
pub fn todo_toggle() -> Case {
    let mut session = Session::join(todos(), render_todos);
    session.event("toggle todo 3", |a| a.todos_mut()[2].done = true);
    session.event("toggle todo 1", |a| a.todos_mut()[0].done = true);
    session.finish("todo toggle")
}

/// Patching the filter from `all` to `active`: the selected link changes and done todos go.
pub fn filter_patch() -> Case {
    let mut session = Session::join(todos(), render_todos);
    session.event("filter active", |a| a.set_filter("active".to_owned()));
    session.finish("filter patch")
}

// ---------------------------------------------------------------------------------------------
// A signup form: keystrokes in the email field, an error appearing.

/// The form being filled in.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Signup {
    email: String,
}

/// A one-field signup form validated on every change.
#[derive(LiveView)]
pub struct SignupForm {
    form: Form,
}

fn render_signup(assigns: &Assigns<SignupForm>) -> Rendered {
    html! {
        <main>
            <h1>Sign up</h1>
            <.form for={&@form} phx-change="validate" phx-submit="save">
                <.input field={@form.field("email")} type="email" label="Email" phx_debounce="300"/>
                <button phx-disable-with="Saving…">Save</button>
            </.form>
        </main>
    }
}

fn validated(email: &str) -> Form {
    let body = format!("user%5Bemail%5D={email}");
    let params = EventParams::from_form(&body).unwrap_or_else(|_| EventParams::new(Value::Null));
    Changeset::<Signup>::cast(&params, "user")
        .format("email", |e| e.contains('@'), "must have the @ sign")
        .to_form()
}

/// Typing `a`, `ad` (the error shows from the first keystroke), then `ad@` (it goes).
pub fn form_keystroke() -> Case {
    let view = SignupForm {
        form: Form::new("user"),
    };
    let mut session = Session::join(view, render_signup);
    session.event("type a (error appears)", |a| a.set_form(validated("a")));
    session.event("type ad", |a| a.set_form(validated("ad")));
    session.event("type ad@ (error goes)", |a| a.set_form(validated("ad%40")));
    session.finish("form keystroke")
}

// ---------------------------------------------------------------------------------------------
// A table: one cell changes.

/// One row of the stock table.
#[derive(Debug, Clone, PartialEq)]
pub struct Stock {
    /// The ticker.
    pub symbol: &'static str,
    /// Its price in cents.
    pub price: u32,
    /// Units held.
    pub held: u32,
}

/// A stock table with a title and a total.
#[derive(LiveView)]
pub struct Stocks {
    title: String,
    rows: Vec<Stock>,
}

fn render_stocks(assigns: &Assigns<Stocks>) -> Rendered {
    html! {
        <section>
            <h2>{@title}</h2>
            <table class="stocks">
                <thead><tr><th>Symbol</th><th>Price</th><th>Held</th></tr></thead>
                <tbody>
                    <tr :for={row in @rows.iter()} :key={row.symbol} id={row.symbol}>
                        <td class="symbol">{row.symbol}</td>
                        <td class="price">{row.price}</td>
                        <td class="held">{row.held}</td>
                    </tr>
                </tbody>
            </table>
            <p class="total">Total: {@rows.iter().map(|r| u64::from(r.price) * u64::from(r.held)).sum::<u64>()}</p>
        </section>
    }
}

/// The price of one stock changes.
pub fn table_cell() -> Case {
    let rows = [("ACME", 1250, 10), ("BOLT", 830, 4), ("CORE", 4410, 1)]
        .map(|(symbol, price, held)| Stock {
            symbol,
            price,
            held,
        })
        .to_vec();
    let view = Stocks {
        title: "Portfolio".to_owned(),
        rows,
    };
    let mut session = Session::join(view, render_stocks);
    session.event("BOLT price", |a| a.rows_mut()[1].price = 845);
    session.finish("table cell")
}

// ---------------------------------------------------------------------------------------------
// Flash: shown, left alone by another event, then cleared.

/// A counter showing the flash.
#[derive(LiveView)]
pub struct Flashy {
    count: u32,
}

fn render_flashy(assigns: &Assigns<Flashy>) -> Rendered {
    html! {
        <main>
            <p :if={let Some(info) = assigns.flash().get("info")} class="alert alert-info" role="alert" phx-click="lv:clear-flash" phx-value-key="info">{info}</p>
            <span>{@count}</span>
            <button phx-click="inc">+</button>
        </main>
    }
}

/// Saving shows a flash; a click changes the count only; then the flash is cleared.
pub fn flash() -> Case {
    let mut session = Session::join(Flashy { count: 0 }, render_flashy);
    session.event("flash shown", |a| {
        a.set_count(1);
        a.put_flash("info", "Saved");
    });
    session.event("count only", |a| a.set_count(2));
    session.event("flash cleared", |a| a.clear_flash(Some("info")));
    session.finish("flash")
}

/// Every case, in the order of issue 26.
pub fn cases() -> Vec<Case> {
    vec![
        todo_toggle(),
        form_keystroke(),
        filter_patch(),
        table_cell(),
        flash(),
    ]
}
