//! Function components: attributes (required, optional, defaults), the inner block, named
//! slots with attributes and `:let`, and change tracking through a component call.

use live_core::diff::ClientTree;
use live_core::{component, html, Assigns, Dynamic, LiveView, Rendered, Slot};

/// A card with a title, an optional subtitle, a heading level with a default and children.
#[component]
fn card(
    /// The heading.
    title: String,
    subtitle: Option<String>,
    #[attr(default = 2)] level: u8,
    #[attr(default)] compact: bool,
    inner_block: Slot,
) -> Rendered {
    html! {
        <div class={["card", ("compact", *compact)]} data-level={level}>
            <h2>{@title}</h2>
            <small :if={let Some(sub) = &@subtitle}>{sub}</small>
            {@inner_block}
        </div>
    }
}

#[test]
fn attributes_defaults_and_inner_block() {
    let name = "Ada";
    let rendered = html! { <.card title="Hello">Hi, <b>{name}</b>!</.card> };
    assert_eq!(
        rendered.to_html(),
        // `{…}` keeps the whitespace around it (one space), as text does.
        r#"<div class="card" data-level="2"><h2>Hello</h2> Hi, <b>Ada</b>! </div>"#
    );
    let rendered = html! {
        <.card title={format!("T{}", 1)} subtitle="sub" level={3} compact>x</.card>
    };
    assert_eq!(
        rendered.to_html(),
        r#"<div class="card compact" data-level="3"><h2>T1</h2><small>sub</small> x </div>"#
    );
}

#[derive(Default, Debug)]
struct Column {
    label: String,
}

/// A table rendering one column per `<:col>` entry, each receiving the row.
#[component]
fn table<'a>(
    rows: &'a [(u32, &'static str)],
    col: Vec<Slot<Column, &'a (u32, &'static str)>>,
    empty: Option<Slot>,
) -> Rendered {
    html! {
        <table>
            <tr><th :for={c in @col.iter()}>{c.attrs.label}</th></tr>
            <tr :for={row in @rows.iter()}><td :for={c in col.iter()}>{c.render(row)}</td></tr>
            {if let (true, Some(empty)) = (rows.is_empty(), empty) { <tr><td>{empty}</td></tr> }}
        </table>
    }
}

#[test]
fn named_slots_with_attributes_and_let() {
    let rows = [(1, "Apple"), (2, "Banana")];
    let rendered = html! {
        <.table rows={&rows}>
            <:col label="Id" :let={row}>{row.0}</:col>
            <:col label="Name" :let={(_, name)}><i>{name}</i></:col>
        </.table>
    };
    assert_eq!(
        rendered.to_html(),
        "<table><tr><th>Id</th><th>Name</th></tr>\
         <tr><td>1</td><td><i>Apple</i></td></tr><tr><td>2</td><td><i>Banana</i></td></tr></table>"
    );
    let none: [(u32, &str); 0] = [];
    let rendered = html! {
        <.table rows={&none}><:empty>nothing</:empty></.table>
    };
    assert_eq!(
        rendered.to_html(),
        "<table><tr></tr><tr><td>nothing</td></tr></table>"
    );
}

mod widgets {
    use live_core::{component, html, Rendered};

    /// A component in another module.
    #[component]
    pub fn badge(label: &str) -> Rendered {
        html! { <span class="badge">{@label}</span> }
    }
}

use widgets::badge;

#[derive(LiveView)]
struct Shop {
    label: String,
    count: u32,
}

fn render_shop(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <main>
            <.badge label={@label.as_str()}/>
            <p>{@count}</p>
        </main>
    }
}

#[test]
fn components_from_other_modules_and_tracking_through_calls() {
    let mut assigns = Assigns::new(Shop {
        label: "new".into(),
        count: 0,
    });
    let first = render_shop(&assigns);
    assert_eq!(
        first.to_html(),
        r#"<main><span class="badge">new</span><p>0</p></main>"#
    );
    let mut client = ClientTree::default();
    assert_eq!(
        client.diff(&first).expect("a diff"),
        r#"{"0":{"0":"new","s":["<span class=\"badge\">","</span>"],"r":1},"1":"0","s":["<main>","<p>","</p></main>"]}"#
    );
    assigns.clear_changed();
    assigns.set_count(1);
    let rendered = render_shop(&assigns);
    assert_eq!(
        *rendered.slot(0),
        Dynamic::Unchanged,
        "the call reads only `label`"
    );
    assert_eq!(client.diff(&rendered).expect("a diff"), r#"{"1":"1"}"#);
    assigns.clear_changed();
    assigns.set_label("sale".into());
    assert_eq!(
        client.diff(&render_shop(&assigns)).expect("a diff"),
        r#"{"0":{"0":"sale"}}"#
    );
}

/// A list whose inner block receives each item (`:let` on the call).
#[component]
fn list<'a>(items: &'a [&'a str], inner_block: Slot<(), &'a str>) -> Rendered {
    html! { <ul><li :for={item in @items.iter()}>{inner_block.render(item)}</li></ul> }
}

#[test]
fn let_on_the_call_receives_the_inner_block_value() {
    let items = ["a", "b"];
    let rendered = html! { <.list items={&items} :let={item}><b>{item}</b></.list> };
    assert_eq!(
        rendered.to_html(),
        "<ul><li><b>a</b></li><li><b>b</b></li></ul>"
    );
}

#[test]
fn components_under_if_and_for() {
    let labels = ["x", "y"];
    let show = false;
    let rendered = html! {
        <div>
            <.badge :for={l in labels} :key={l} label={l}/>
            <.badge :if={show} label="hidden"/>
        </div>
    };
    assert_eq!(
        rendered.to_html(),
        r#"<div><span class="badge">x</span><span class="badge">y</span></div>"#
    );
}

/// A panel whose title and note are two attributes, each read by its own slot.
#[component]
fn panel(title: String, note: String, inner_block: Slot) -> Rendered {
    html! { <section><h2>{@title}</h2><p>{@note}</p>{@inner_block}</section> }
}

#[derive(LiveView)]
struct Dashboard {
    title: String,
    note: String,
    count: u32,
}

fn render_dashboard(assigns: &Assigns<Dashboard>) -> Rendered {
    use live_core::link::link;
    html! {
        <main>
            <span>{@count}</span>
            <.panel title={@title.clone()} note={@note.clone()}><b>{@count}</b></.panel>
            <.link navigate="/x">X</.link>
            <p :if={let Some(info) = assigns.flash().get("info")}>{info}</p>
        </main>
    }
}

#[test]
fn components_receive_only_their_changed_attributes() {
    let mut assigns = Assigns::new(Dashboard {
        title: "T".into(),
        note: "N".into(),
        count: 0,
    });
    let mut client = ClientTree::default();
    let first = client.diff(&render_dashboard(&assigns)).expect("a diff");
    assert!(first.contains(r#"href=\"/x\""#), "{first}");
    // The count is read by the page and by the panel's inner block: the link (a constant
    // call) and the panel's title and note are left alone.
    assigns.clear_changed();
    assigns.set_count(1);
    let rendered = render_dashboard(&assigns);
    assert_eq!(*rendered.slot(2), Dynamic::Unchanged, "a constant call");
    assert_eq!(
        client.diff(&rendered).as_deref(),
        Some(r#"{"0":"1","1":{"2":{"0":"1"}}}"#)
    );
    // One attribute changed: only the slot reading it.
    assigns.clear_changed();
    assigns.set_note("M".into());
    assert_eq!(
        client.diff(&render_dashboard(&assigns)).as_deref(),
        Some(r#"{"1":{"1":"M"}}"#)
    );
    // The flash is tracked: shown, left alone by another change, cleared.
    assigns.clear_changed();
    assigns.put_flash("info", "Hi");
    let shown = client.diff(&render_dashboard(&assigns)).expect("a diff");
    assert!(shown.starts_with(r#"{"3":{"0":"Hi","s":"#), "{shown}");
    assigns.clear_changed();
    assigns.set_count(2);
    assert_eq!(
        client.diff(&render_dashboard(&assigns)).as_deref(),
        Some(r#"{"0":"2","1":{"2":{"0":"2"}}}"#)
    );
    assigns.clear_changed();
    assigns.clear_flash(None);
    assert_eq!(
        client.diff(&render_dashboard(&assigns)).as_deref(),
        Some(r#"{"3":""}"#)
    );
}
