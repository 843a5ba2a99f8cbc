//! `html!` control flow: `:if`, `:for` with `:key`, the block forms, and how change tracking
//! reaches inside them. Each test checks the HTML and the exact JSON the client receives.

use live_core::diff::ClientTree;
use live_core::rendered::EntryKey;
use live_core::{html, Assigns, ChangeSet, Dynamic, LiveView, Rendered};

fn full(rendered: &Rendered) -> String {
    ClientTree::default().diff(rendered).expect("not empty")
}

#[derive(LiveView, Clone)]
struct Page {
    show: bool,
    count: i64,
    items: Vec<(u32, &'static str)>,
    title: &'static str,
}

fn page() -> Assigns<Page> {
    Assigns::new(Page {
        show: true,
        count: 1,
        items: vec![(1, "Apple"), (2, "Banana")],
        title: "Fruits",
    })
}

fn render_if(assigns: &Assigns<Page>) -> Rendered {
    html! {
        <div>
            <p :if={@show} class="big">Count: {@count}</p>
            <h1>{@title}</h1>
        </div>
    }
}

#[test]
fn if_on_a_tag_is_a_nested_node_or_empty_text() {
    let mut assigns = page();
    let first = render_if(&assigns);
    assert_eq!(
        first.to_html(),
        r#"<div><p class="big">Count: 1</p><h1>Fruits</h1></div>"#
    );
    let mut client = ClientTree::default();
    assert_eq!(
        client.diff(&first).expect("a diff"),
        r#"{"0":{"0":"1","s":["<p class=\"big\">Count: ","</p>"],"r":1},"1":"Fruits","s":["<div>","<h1>","</h1></div>"]}"#
    );
    assigns.clear_changed();

    // Only `count` changed: the branch is kept, only its changed slot is sent.
    assigns.set_count(2);
    assert_eq!(
        client.diff(&render_if(&assigns)).expect("a diff"),
        r#"{"0":{"0":"2"}}"#
    );
    assigns.clear_changed();

    // The condition changed: the slot becomes empty text.
    assigns.set_show(false);
    let hidden = render_if(&assigns);
    assert_eq!(client.diff(&hidden).expect("a diff"), r#"{"0":""}"#);
    let mut everything = assigns.clone();
    everything.mark_all_changed();
    assert_eq!(
        render_if(&everything).to_html(),
        "<div><h1>Fruits</h1></div>"
    );
    assigns.clear_changed();

    // Back on: the branch is rendered in full, with its statics.
    assigns.set_show(true);
    assert_eq!(
        client.diff(&render_if(&assigns)).expect("a diff"),
        r#"{"0":{"0":"2","s":["<p class=\"big\">Count: ","</p>"],"r":1}}"#
    );
    assigns.clear_changed();

    // Nothing read by the slot changed: not evaluated.
    assigns.set_title("Fruit");
    let rendered = render_if(&assigns);
    assert_eq!(*rendered.slot(0), Dynamic::Unchanged);
    assert_eq!(client.diff(&rendered).expect("a diff"), r#"{"1":"Fruit"}"#);
}

fn render_for(assigns: &Assigns<Page>) -> Rendered {
    html! {
        <ul>
            <li :for={(id, name) in @items.iter()} :key={id} id={format!("item-{id}")}>{name}</li>
        </ul>
    }
}

#[test]
fn keyed_for_is_a_comprehension() {
    let mut assigns = page();
    let first = render_for(&assigns);
    assert_eq!(
        first.to_html(),
        r#"<ul><li id="item-1">Apple</li><li id="item-2">Banana</li></ul>"#
    );
    let Dynamic::List(list) = first.slot(0) else {
        panic!("a comprehension")
    };
    // Integer keys are kept as numbers.
    assert_eq!(
        list.keys().collect::<Vec<_>>(),
        [Some(EntryKey::Integer(1)), Some(EntryKey::Integer(2))]
    );
    let mut client = ClientTree::default();
    assert_eq!(
        client.diff(&first).expect("a diff"),
        r#"{"0":{"k":{"0":{"0":" id=\"item-1\"","1":"Apple"},"1":{"0":" id=\"item-2\"","1":"Banana"},"kc":2},"s":["<li","\u003e","</li>"]},"s":["<ul>","</ul>"]}"#
            .replace("\\u003e", ">")
    );
    assigns.clear_changed();
    assigns.update_items(|items| items.reverse());
    assert_eq!(
        client.diff(&render_for(&assigns)).expect("a diff"),
        r#"{"0":{"k":{"0":1,"1":0,"kc":2,"km":true}}}"#
    );
    assigns.clear_changed();
    assigns.set_items(Vec::new());
    let empty = render_for(&assigns);
    assert_eq!(empty.to_html(), "<ul></ul>");
    assert_eq!(
        client.diff(&empty).expect("a diff"),
        r#"{"0":{"k":{"kc":0}}}"#
    );
    assert_eq!(full(&empty), r#"{"0":"","s":["<ul>","</ul>"]}"#);
}

#[test]
fn for_with_if_filters_entries_and_unkeyed_entries_have_no_key() {
    let items = [1, 2, 3, 4];
    let rendered = html! { <p><b :for={n in items} :if={n % 2 == 0}>{n}</b></p> };
    assert_eq!(rendered.to_html(), "<p><b>2</b><b>4</b></p>");
    let Dynamic::List(list) = rendered.slot(0) else {
        panic!("a comprehension")
    };
    assert_eq!(list.keys().collect::<Vec<_>>(), [None, None]);
}

#[test]
fn block_if_else_if_else() {
    fn sign(n: i32) -> Rendered {
        html! {
            <span>
                {if n > 0 { positive <b>{n}</b> } else if n < 0 { "negative" } else { zero }}
            </span>
        }
    }
    assert_eq!(sign(3).to_html(), "<span>positive <b>3</b></span>");
    assert_eq!(sign(-1).to_html(), "<span>negative</span>");
    assert_eq!(sign(0).to_html(), "<span>zero</span>");
    assert_eq!(
        full(&sign(3)),
        r#"{"0":{"0":"3","s":["positive <b>","</b>"]},"s":["<span>","</span>"]}"#
    );
    let no_else = |b: bool| html! { <i>{if b { yes }}</i> };
    assert_eq!(no_else(false).to_html(), "<i></i>");
    assert_eq!(full(&no_else(false)), r#"{"0":"","s":["<i>","</i>"]}"#);
}

#[test]
fn block_if_let_binds() {
    let name = Some("Ada");
    let rendered = html! { <p>{if let Some(name) = name { Hello, {name}! } else { Hi! }}</p> };
    assert_eq!(rendered.to_html(), "<p>Hello, Ada!</p>");
}

#[test]
fn block_match_with_guards() {
    enum Status {
        Active(u32),
        Banned,
    }
    fn badge(status: &Status) -> Rendered {
        html! {
            {match status {
                Status::Active(days) if *days > 30 => { <b>veteran</b> }
                Status::Active(days) => { <i>{days} days</i> },
                Status::Banned => { "banned" }
            }}
        }
    }
    assert_eq!(badge(&Status::Active(40)).to_html(), "<b>veteran</b>");
    assert_eq!(badge(&Status::Active(3)).to_html(), "<i>3 days</i>");
    assert_eq!(badge(&Status::Banned).to_html(), "banned");
}

#[test]
fn block_for_with_and_without_key() {
    let rows = [("a", 1), ("b", 2)];
    let rendered = html! {
        <dl>{for (k, v) in rows, key = k { <dt>{k}</dt><dd>{v}</dd> }}</dl>
    };
    assert_eq!(
        rendered.to_html(),
        "<dl><dt>a</dt><dd>1</dd><dt>b</dt><dd>2</dd></dl>"
    );
    let Dynamic::List(list) = rendered.slot(0) else {
        panic!("a comprehension")
    };
    assert_eq!(
        list.keys().collect::<Vec<_>>(),
        [Some(EntryKey::Text("a")), Some(EntryKey::Text("b"))]
    );
    let plain = html! { <p>{for n in 1..=3 { {n}"," }}</p> };
    assert_eq!(plain.to_html(), "<p>1,2,3,</p>");
}

#[derive(LiveView)]
struct Nested {
    outer: bool,
    inner: bool,
    label: String,
    other: u8,
}

fn render_nested(assigns: &Assigns<Nested>) -> Rendered {
    html! {
        <section>
            <div :if={@outer}>
                <p :if={@inner}>{@label}</p>
                <span>{@other}</span>
            </div>
        </section>
    }
}

#[test]
fn nested_if_tracks_through_both_levels() {
    let mut assigns = Assigns::new(Nested {
        outer: true,
        inner: true,
        label: "a".into(),
        other: 0,
    });
    let mut client = ClientTree::default();
    client.diff(&render_nested(&assigns)).expect("a diff");
    assigns.clear_changed();
    assigns.set_label("b".into());
    assert_eq!(
        client.diff(&render_nested(&assigns)).expect("a diff"),
        r#"{"0":{"0":{"0":"b"}}}"#
    );
    assigns.clear_changed();
    assigns.set_inner(false);
    assert_eq!(
        client.diff(&render_nested(&assigns)).expect("a diff"),
        r#"{"0":{"0":""}}"#
    );
    assigns.clear_changed();
    // The outer branch is re-taken: rendered in full (the client may hold the other branch).
    assigns.set_outer(false);
    client.diff(&render_nested(&assigns)).expect("a diff");
    assigns.clear_changed();
    assigns.set_outer(true);
    assert_eq!(
        client.diff(&render_nested(&assigns)).expect("a diff"),
        r#"{"0":{"0":"","1":"0","s":["<div>","<span>","</span></div>"],"r":1}}"#
    );
    assigns.clear_changed();
    assigns.set_other(5);
    let rendered = render_nested(&assigns);
    assert_eq!(
        client.diff(&rendered).expect("a diff"),
        r#"{"0":{"1":"5"}}"#
    );
    assert_eq!(assigns.changed(), {
        let mut c = ChangeSet::NONE;
        c.mark(ChangeSet::bit(3));
        c
    });
}

/// Renders one `<i>` entry per key of `keys`, keyed by it.
macro_rules! keyed_items {
    ($keys:expr) => {{
        let keys = $keys;
        html! { <p><i :for={k in keys.iter()} :key={k}>x</i></p> }
    }};
}

#[test]
fn integer_keys_of_every_width_identify_entries() {
    // Each list is rendered, then its last entry moves to the front and its first is dropped:
    // the diff sends the moved entry as its old position and leaves the middle one, which
    // stays at its position, whatever the key type.
    macro_rules! check {
        ($a:expr, $b:expr, $c:expr) => {{
            let mut client = ClientTree::default();
            client.diff(&keyed_items!([$a, $b, $c]));
            let diff = client.diff(&keyed_items!([$c, $b]));
            assert_eq!(
                diff.as_deref(),
                Some(r#"{"0":{"k":{"0":2,"kc":2,"km":true}}}"#),
                "{:?}",
                [$a, $b, $c]
            );
            let Dynamic::List(list) = keyed_items!([$a]).slot(0).clone() else {
                panic!("a comprehension")
            };
            let keys: Vec<String> = list.keys().flatten().map(|k| k.to_string()).collect();
            assert_eq!(keys, [$a.to_string()]);
        }};
    }
    check!(-1_i8, i8::MIN, i8::MAX);
    check!(i64::MIN, -1_i64, i64::MAX);
    check!(0_u64, u64::MAX, 1_u64);
    check!(usize::MAX, 0_usize, 7_usize);
    check!(-5_isize, 5_isize, 0_isize);
    check!(u32::MAX, 0_u32, 1_u32);
    // Wider than 64 bits: kept as text.
    check!(i128::MIN, -1_i128, i128::MAX);
    check!(u128::MAX, 0_u128, 1_u128);
    check!("a", "b", "c");
}
