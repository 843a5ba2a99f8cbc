//! A corpus of named templates covering the whole `html!` syntax, each with the renders of a
//! short sequence of assign changes. The snapshot test (`template_snapshots.rs`) records the
//! HTML and JSON of every step and checks that the static render writes the same HTML as the
//! tree; the oracle test (`template_oracle.rs`) checks that the official client's merge of
//! those JSON diffs gives our HTML.
//!
//! Each test crate compiles this module itself (`#[path = "corpus/mod.rs"] mod corpus;`), not
//! through the `live_tests` library: `html!` compiles the static render of a template into
//! release builds and test crates only, and the corpus must be checked with it.

// Each test crate uses part of the corpus, and its items are public for the others.
#![allow(dead_code, unreachable_pub)]

mod core_components;

use live_core::static_render::render_to_string;
use live_core::{component, html, Assigns, LiveView, Rendered, Slot};

/// One render of a case.
pub struct Step {
    /// What the view renders with the change set of this step (partial after the first).
    pub rendered: Rendered,
    /// The full render of the same state: the HTML the page must show.
    pub full: Rendered,
    /// The static render of the same state (`render_to_string`): the HTML of a first response.
    pub written: String,
}

/// A named template and its renders.
pub struct Case {
    /// A unique name, used for the snapshot files.
    pub name: &'static str,
    /// The first (full) render, then one render per assign change.
    pub steps: Vec<Step>,
}

/// A template without assigns: one full render.
fn single(name: &'static str, render: impl Fn() -> Rendered) -> Case {
    let rendered = render();
    Case {
        name,
        steps: vec![Step {
            full: rendered.clone(),
            rendered,
            written: render_to_string(render),
        }],
    }
}

/// A change applied to the assigns between two renders.
type Change<V> = fn(&mut Assigns<V>);

/// A tracked template: the first render, then after each change the partial render (with the
/// real change set) and the full render of the same state.
fn tracked<V>(
    name: &'static str,
    state: V,
    render: fn(&Assigns<V>) -> Rendered,
    changes: &[Change<V>],
) -> Case {
    let mut assigns = Assigns::new(state);
    let first = render(&assigns);
    let mut steps = vec![Step {
        full: first.clone(),
        rendered: first,
        written: render_to_string(|| render(&assigns)),
    }];
    for change in changes {
        assigns.clear_changed();
        change(&mut assigns);
        let rendered = render(&assigns);
        assigns.mark_all_changed();
        let full = render(&assigns);
        let written = render_to_string(|| render(&assigns));
        steps.push(Step {
            rendered,
            full,
            written,
        });
    }
    Case { name, steps }
}

// ---------------------------------------------------------------------------------------------
// Views used by the tracked cases.

/// State of the tracked cases; each case reads the fields it needs.
#[derive(LiveView)]
pub struct Shop {
    show: bool,
    count: i64,
    title: String,
    items: Vec<(u32, String)>,
    tags: Vec<&'static str>,
    mode: Mode,
    selected: Option<u32>,
    #[live(temporary)]
    log: Vec<String>,
}

/// A three-way state for `match`.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Mode {
    /// Nothing yet.
    Idle,
    /// Running, with progress.
    Running(u8),
    /// Finished.
    Done,
}

fn shop() -> Shop {
    Shop {
        show: true,
        count: 1,
        title: "Fruits".into(),
        items: vec![
            (1, "Apple".into()),
            (2, "Banana".into()),
            (3, "Cherry".into()),
        ],
        tags: vec!["fresh", "local"],
        mode: Mode::Idle,
        selected: None,
        log: vec!["opened".into()],
    }
}

fn items(list: &[(u32, &str)]) -> Vec<(u32, String)> {
    list.iter().map(|(id, n)| (*id, (*n).to_owned())).collect()
}

// ---------------------------------------------------------------------------------------------
// Components used by the corpus.

/// A card: required title, optional subtitle, defaulted level, flag, inner block, footer slot.
#[component]
pub fn card(
    title: String,
    subtitle: Option<String>,
    #[attr(default = 2)] level: u8,
    #[attr(default)] muted: bool,
    inner_block: Slot,
    footer: Option<Slot>,
) -> Rendered {
    html! {
        <article class={["card", ("muted", *muted)]} data-level={level}>
            <h2>{@title}</h2>
            <p :if={let Some(sub) = &@subtitle} class="sub">{sub}</p>
            <div class="body">{@inner_block}</div>
            <footer :if={let Some(footer) = &@footer}>{footer}</footer>
        </article>
    }
}

/// The attributes of a table column slot.
#[derive(Default, Debug)]
pub struct Column {
    /// The header text.
    pub label: String,
    /// Extra classes of the cells.
    pub class: Option<String>,
}

/// A table: one `<:col label=…>` slot entry per column, each receiving the row.
#[component]
pub fn table<'a>(rows: &'a [(u32, String)], col: Vec<Slot<Column, &'a (u32, String)>>) -> Rendered {
    html! {
        <table>
            <thead><tr><th :for={c in @col.iter()}>{c.attrs.label}</th></tr></thead>
            <tbody>
                <tr :for={row in @rows.iter()} :key={row.0}>
                    <td :for={c in col.iter()} class={[c.attrs.class.as_deref()]}>{c.render(row)}</td>
                </tr>
            </tbody>
        </table>
    }
}

/// A list whose inner block renders each item (`:let` on the call).
#[component]
pub fn each<'a>(items: &'a [&'a str], inner_block: Slot<(), &'a str>) -> Rendered {
    html! { <ul class="each"><li :for={item in @items.iter()}>{inner_block.render(item)}</li></ul> }
}

/// Components from another module, brought in with `use`.
pub mod widgets {
    use live_core::{component, html, Rendered};

    /// A badge.
    #[component]
    pub fn badge(label: String, #[attr(default = "info")] kind: &'static str) -> Rendered {
        html! { <span class={["badge", kind]}>{@label}</span> }
    }
}

use widgets::badge;

// ---------------------------------------------------------------------------------------------
// Tracked renders.

/// More slots reading one assign than `html!` puts in one closure (24): the group is cut into
/// closures, which must still push every slot, in order, and only when `count` changed.
fn long_group(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <ol id="long-group">
            <li>{@count}</li><li>{@count + 1}</li><li>{@count + 2}</li><li>{@count + 3}</li>
            <li>{@count + 4}</li><li>{@count + 5}</li><li>{@count + 6}</li><li>{@count + 7}</li>
            <li>{@count + 8}</li><li>{@count + 9}</li><li>{@count + 10}</li><li>{@count + 11}</li>
            <li>{@count + 12}</li><li>{@count + 13}</li><li>{@count + 14}</li><li>{@count + 15}</li>
            <li>{@count + 16}</li><li>{@count + 17}</li><li>{@count + 18}</li><li>{@count + 19}</li>
            <li>{@count + 20}</li><li>{@count + 21}</li><li>{@count + 22}</li><li>{@count + 23}</li>
            <li>{@count + 24}</li><li>{@count + 25}</li><li>{@title}</li><li>{@count + 26}</li>
        </ol>
    }
}

fn literal_choices(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <div id="choices" class={if @show { "shown" } else { "" }}>
            <p title={match @mode { Mode::Idle => "idle", Mode::Running(n) if n > 50 => "nearly \"done\"", Mode::Running(_) => "<running>", Mode::Done => "done & dusted" }}>
                {if @count > 10 { "many" } else if @count > 0 { "a few" } else { "none" }}
            </p>
            <ul><li :for={(id, name) in @items.iter()} :key={id} class={if *id == 1 { "first" } else { "" }}>{name}</li></ul>
            <section data-note="a static attribute long enough to push the fragment before the next one past the fusing limit" lang={if @show { "en" } else { "fr" }}>This paragraph is long enough that its text is not copied into every literal of the choice after it: {("yes")}, and so is the text that comes after the choice.</section>
        </div>
    }
}

fn if_tag(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <div id="if-tag">
            <p :if={@show} class="big">Count: {@count}</p>
            <h1>{@title}</h1>
        </div>
    }
}

fn for_keyed(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <ul id="fruits">
            <li :for={(id, name) in @items.iter()} :key={id} id={format!("fruit-{id}")}>{name}</li>
        </ul>
    }
}

fn for_unkeyed(assigns: &Assigns<Shop>) -> Rendered {
    html! { <p>{for tag in @tags.iter() { <i>{tag}</i>" " }}</p> }
}

fn for_with_if(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <ol><li :for={(id, name) in @items.iter()} :if={id % 2 == 1} :key={id}>{name}</li></ol>
    }
}

fn block_if_chain(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <div>
            {if @count > 10 { <b>many</b> } else if @count > 0 { <i>{@count} left</i> } else { none }}
        </div>
    }
}

fn block_match(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <div class="status">
            {match @mode {
                Mode::Idle => { <span>idle</span> }
                Mode::Running(p) if p >= 50 => { <progress value={p} max="100"></progress> almost }
                Mode::Running(p) => { <progress value={p} max="100"></progress> }
                Mode::Done => { "done" <b>{@title}</b> }
            }}
        </div>
    }
}

fn nested_if(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <section>
            <div :if={@show} class="outer">
                <p :if={@count > 1}>{@title}</p>
                <span>{@count}</span>
            </div>
        </section>
    }
}

fn if_let_selected(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <aside>
            {if let Some(id) = @selected { Selected <b>#{id}</b> } else { <em>nothing selected</em> }}
        </aside>
    }
}

fn for_in_if(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <div :if={@show} id="list">
            <h3>{@title}</h3>
            <ul><li :for={(id, name) in @items.iter()} :key={id}>{name}</li></ul>
        </div>
    }
}

fn if_in_for(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <ul>
            <li :for={(id, name) in @items.iter()} :key={id}>
                {name}<b :if={@selected == Some(*id)}> (selected)</b>
            </li>
        </ul>
    }
}

fn class_tracked(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <button class={["btn", ("active", @show), (@count > 5).then_some("hot")]} phx-click="toggle">
            {@title}
        </button>
    }
}

fn component_tracked(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <main>
            <.badge label={@title.clone()}/>
            <.card title={@title.clone()} subtitle={@show.then(|| format!("{} items", @items.len()))}>
                Count: {@count}
            </.card>
            <p>{@count}</p>
        </main>
    }
}

fn table_tracked(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <.table rows={&@items}>
            <:col label="Id" :let={row}>{row.0}</:col>
            <:col label="Name" class="name" :let={(_, name)}><i>{name}</i></:col>
        </.table>
    }
}

fn temporary_log(assigns: &Assigns<Shop>) -> Rendered {
    html! {
        <h1>{@title}</h1>
        <ul id="log" phx-update="append"><li :for={line in @log.iter()}>{line}</li></ul>
    }
}

fn temporary_case() -> Case {
    // The runtime resets temporary assigns after each render (`Assigns::after_render`): the
    // next diff leaves the log's slot out, so the client keeps the entries it was sent.
    let mut assigns = Assigns::new(shop());
    let first = temporary_log(&assigns);
    let written = render_to_string(|| temporary_log(&assigns));
    assigns.clear_changed();
    assigns.after_render();
    let mut steps = vec![Step {
        full: first.clone(),
        rendered: first,
        written,
    }];
    assigns.set_title("Log".into());
    let rendered = temporary_log(&assigns);
    // The page keeps the log it was sent: the state before the reset, with the new title.
    let mut shown = Assigns::new(shop());
    shown.set_title("Log".into());
    steps.push(Step {
        full: temporary_log(&shown),
        rendered,
        written: render_to_string(|| temporary_log(&shown)),
    });
    Case {
        name: "temporary_assigns",
        steps,
    }
}

// ---------------------------------------------------------------------------------------------
// The corpus.

/// Every case, in a stable order.
pub fn corpus() -> Vec<Case> {
    let mut cases = static_cases();
    cases.extend(tracked_cases());
    cases.extend(core_components::cases());
    cases
}

fn tracked_cases() -> Vec<Case> {
    vec![
        tracked(
            "long_slot_group",
            shop(),
            long_group,
            &[|a| a.set_count(100), |a| a.set_title("Veg".into())],
        ),
        tracked(
            "literal_choices",
            shop(),
            literal_choices,
            &[
                |a| a.set_count(3),
                |a| a.set_mode(Mode::Running(70)),
                |a| a.set_show(false),
                |a| a.set_mode(Mode::Running(7)),
                |a| a.update_items(|i| i.reverse()),
                |a| a.set_count(0),
                |a| a.set_mode(Mode::Done),
            ],
        ),
        tracked(
            "if_on_tag",
            shop(),
            if_tag,
            &[
                |a| a.set_count(2),
                |a| a.set_show(false),
                |a| a.set_title("Veg".into()),
                |a| a.set_show(true),
            ],
        ),
        tracked(
            "for_keyed",
            shop(),
            for_keyed,
            &[
                |a| a.update_items(|i| i.reverse()),
                |a| a.update_items(|i| i[0].1 = "Cranberry".into()),
                |a| a.update_items(|i| i.insert(1, (9, "Date".into()))),
                |a| a.update_items(|i| i.retain(|(id, _)| *id != 2)),
                |a| a.set_items(Vec::new()),
                |a| a.set_items(items(&[(5, "Elder")])),
            ],
        ),
        tracked(
            "for_unkeyed_block",
            shop(),
            for_unkeyed,
            &[
                |a| a.update_tags(|t| t.push("new")),
                |a| a.set_tags(vec!["x"]),
            ],
        ),
        tracked(
            "for_with_if_filter",
            shop(),
            for_with_if,
            &[
                |a| a.update_items(|i| i.push((5, "Elder".into()))),
                |a| {
                    a.update_items(|i| {
                        i.remove(0);
                    })
                },
            ],
        ),
        tracked(
            "block_if_chain",
            shop(),
            block_if_chain,
            &[
                |a| a.set_count(2),
                |a| a.set_count(20),
                |a| a.set_count(0),
                |a| a.set_count(3),
            ],
        ),
        tracked(
            "block_match",
            shop(),
            block_match,
            &[
                |a| a.set_mode(Mode::Running(10)),
                |a| a.set_mode(Mode::Running(20)),
                |a| a.set_mode(Mode::Running(70)),
                |a| a.set_mode(Mode::Done),
                |a| a.set_title("All done".into()),
            ],
        ),
        tracked(
            "nested_if",
            shop(),
            nested_if,
            &[
                |a| a.set_count(2),
                |a| a.set_title("Veg".into()),
                |a| a.set_count(1),
                |a| a.set_show(false),
                |a| {
                    a.set_show(true);
                    a.set_count(5);
                },
            ],
        ),
        tracked(
            "if_let_block",
            shop(),
            if_let_selected,
            &[
                |a| a.set_selected(Some(2)),
                |a| a.set_selected(Some(3)),
                |a| a.set_selected(None),
            ],
        ),
        tracked(
            "for_inside_if",
            shop(),
            for_in_if,
            &[
                |a| a.update_items(|i| i.push((4, "Date".into()))),
                |a| a.set_title("Veg".into()),
                |a| a.set_show(false),
                |a| a.set_show(true),
            ],
        ),
        tracked(
            "if_inside_for",
            shop(),
            if_in_for,
            &[
                |a| a.set_selected(Some(2)),
                |a| a.set_selected(Some(1)),
                |a| a.set_selected(None),
            ],
        ),
        tracked(
            "class_list_tracked",
            shop(),
            class_tracked,
            &[
                |a| a.set_show(false),
                |a| a.set_count(9),
                |a| a.set_title("Go".into()),
            ],
        ),
        tracked(
            "component_tracked",
            shop(),
            component_tracked,
            &[
                |a| a.set_count(2),
                |a| a.set_title("Veg".into()),
                |a| a.set_show(false),
                |a| a.update_items(|i| i.clear()),
            ],
        ),
        tracked(
            "table_slots_tracked",
            shop(),
            table_tracked,
            &[
                |a| a.update_items(|i| i.swap(0, 2)),
                |a| a.update_items(|i| i[1].1 = "Blueberry".into()),
            ],
        ),
        temporary_case(),
    ]
}

fn static_cases() -> Vec<Case> {
    let name = "Ada <Lovelace> & \"co\"";
    let n = 42;
    let nothing: Option<&str> = None;
    let rows = items(&[(1, "Apple"), (2, "Banana")]);
    let words = ["alpha", "beta"];
    vec![
        single(
            "static_element",
            || html! { <p class="lead">Hello, world!</p> },
        ),
        single(
            "void_elements",
            || html! { <div><br><img src="/a.png" alt="A"><input type="text" name="q"/><hr></div> },
        ),
        single(
            "boolean_and_option_attributes",
            || html! { <input type="checkbox" checked disabled={false} title={nothing} tabindex={Some(3)}> },
        ),
        single(
            "quoted_and_unquoted_text",
            || html! { <p>Fish &amp; chips -> 50% off! " <b>not bold</b> & co"</p> },
        ),
        single("whitespace_rules", || {
            html! {
                <ul>
                    <li>  one
                       two  </li>
                    <li>x{n}  y</li>
                </ul>
                <b>a</b>" "<i>b</i>
            }
        }),
        single("text_escaping", || html! { <p title={name}>{name}</p> }),
        single(
            "raw_body_and_attribute",
            || html! { <p data-x={live_core::raw("a&amp;b")}>{live_core::raw("<em>trusted</em>")}</p> },
        ),
        single(
            "doctype_page",
            || html! { <!DOCTYPE html><html><head><title>T</title></head><body>{n}</body></html> },
        ),
        single("several_roots", || html! { <p>one</p><p>two</p> }),
        single("leading_text", || html! { Hello <b>{name}</b> }),
        single(
            "if_false_on_tag",
            || html! { <div><p :if={n > 100}>big</p>end</div> },
        ),
        single(
            "if_true_on_void",
            || html! { <div><hr :if={n > 1}>end</div> },
        ),
        single(
            "for_empty",
            || html! { <ul><li :for={w in std::iter::empty::<&str>()}>{w}</li></ul> },
        ),
        single(
            "for_range",
            || html! { <ol><li :for={i in 1..=3} value={i}>Item {i}</li></ol> },
        ),
        single("for_nested", || {
            html! {
                <table>
                    <tr :for={r in 0..2}><td :for={c in 0..3}>{r * 3 + c}</td></tr>
                </table>
            }
        }),
        single("for_enumerate_keyed", || {
            html! {
                <ul><li :for={(i, w) in words.iter().enumerate()} :key={w} data-index={i}>{w}</li></ul>
            }
        }),
        single(
            "block_for_keyed",
            || html! { <dl>{for (id, v) in rows.iter(), key = id { <dt>{id}</dt><dd>{v}</dd> }}</dl> },
        ),
        single(
            "block_if_without_else",
            || html! { <p>{if n > 100 { big }}{if n > 1 { <b>small</b> }}</p> },
        ),
        single(
            "block_match_text",
            || html! { <p>{match n % 3 { 0 => { fizz }, 1 => { "one" }, _ => { {n} } }}</p> },
        ),
        single("block_nested_blocks", || {
            html! {
                <div>
                    {for w in words { {if w.starts_with('a') { <b>{w}</b> } else { <i>{w}</i> }} }}
                </div>
            }
        }),
        single(
            "spread_attributes",
            || html! { <div id="s" {...[("data-a", "1"), ("title", "x<y")]} {...[("hidden", true)]}></div> },
        ),
        single(
            "spread_unsafe_names",
            || html! { <div {...[("on click=\"x\"", "v"), ("", "empty")]}></div> },
        ),
        single(
            "class_list_static",
            || html! { <i class={["a", nothing, ("b", true), ("c", false), String::from("d")]}></i> },
        ),
        single(
            "class_list_all_falsy",
            || html! { <i class={[nothing, ("c", false)]}>x</i> },
        ),
        single("global_attributes", || {
            html! {
                <form phx-submit="save" phx-change="validate" data-confirm="Sure?" aria-describedby="h">
                    <button phx-click={live_core::raw("[[\"push\",{\"event\":\"x\"}]]")} phx-value-id={n}>Go</button>
                </form>
            }
        }),
        single("script_and_style", || {
            html! {
                <script>"window.x = 1 < 2 && \"</b>\".length;"</script>
                <style>r#"a > b::after { content: "&"; }"#</style>
            }
        }),
        single(
            "component_required_only",
            || html! { <.card title="Plain">body</.card> },
        ),
        single("component_all_attributes", || {
            html! {
                <.card title={format!("T{n}")} subtitle="Sub" level={4} muted>
                    <b>rich</b> body
                    <:footer>foot <i>note</i></:footer>
                </.card>
            }
        }),
        single(
            "component_other_module",
            || html! { <div><.badge label="New"/><.badge label="Hot" kind="warn"/></div> },
        ),
        single("component_table_slots", || {
            html! {
                <.table rows={&rows}>
                    <:col label="Id" :let={row}>{row.0}</:col>
                    <:col label="Name" class="name" :let={(_, name)}><i>{name}</i></:col>
                </.table>
            }
        }),
        single(
            "component_let_on_call",
            || html! { <.each items={&words} :let={w}><b>{w}</b>!</.each> },
        ),
        single(
            "component_under_for",
            || html! { <nav><.badge :for={w in words} :key={w} label={w.to_uppercase()}/></nav> },
        ),
        single(
            "component_under_if",
            || html! { <nav><.badge :if={n > 1} label="shown"/><.badge :if={n < 1} label="hidden"/></nav> },
        ),
        single("nested_components", || {
            html! {
                <.card title="Outer">
                    <.card title="Inner" level={3}><.badge label="deep"/></.card>
                </.card>
            }
        }),
        single("embedded_rendered", || {
            let inner = html! { <em>{n}</em> };
            html! { <p>{inner} and {html! { <b>x</b> }}</p> }
        }),
    ]
}
