//! Typed events: every binding naming a declared event compiles; a view without declared events
//! and elements with `phx-target` take any name.
use live_core::form::form;
use live_core::{html, Assigns, Event, LiveEvent, LiveView, Rendered, JS};

#[derive(LiveEvent, Debug, PartialEq)]
enum Msg {
    Inc,
    Dec,
    SaveItem { id: u64, note: Option<String> },
    #[live(name = "clear-all")]
    ClearAll,
    #[live(name = "type")]
    Type,
    Search(Search),
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Search {
    q: String,
}

#[derive(LiveView)]
#[live(events = Msg)]
struct Counter {
    count: i64,
}

fn render(assigns: &Assigns<Counter>) -> Rendered {
    let search_form = live_core::Form::new("s");
    html! {
        <div phx-window-keydown="inc" phx-window-keyup="dec">
            <span>{@count}</span>
            <button phx-click="inc">"+"</button>
            <button phx-click={JS::push("dec").toggle("#x")}>"-"</button>
            <button phx-click="save_item" phx-value-id="7">"save"</button>
            <button phx-click="clear-all">"clear"</button>
            <button phx-click="type">"type"</button>
            <button phx-click="anything" phx-target="#elsewhere">"elsewhere"</button>
            <ul><li :for={i in 0..@count} phx-click="save_item" phx-value-id={i}>{i}</li></ul>
            <form phx-change="search" phx-submit="search"><input name="q"/></form>
            <.form for={&search_form} phx-submit="search"><input name="q"/></.form>
        </div>
    }
}

#[derive(LiveView)]
struct Untyped {
    count: i64,
}

fn render_untyped(assigns: &Assigns<Untyped>) -> Rendered {
    html! {
        <div>
            <button phx-click="whatever">{@count}</button>
            <button phx-click="save-item">"a"</button>
            <button phx-click="save_item">"b"</button>
            <button phx-click={JS::push("x-y")}>"c"</button>
        </div>
    }
}

fn main() {
    let _ = (render, render_untyped);
    let event = Event::new("click", "save_item", serde_json::json!({"id": "7"}));
    assert_eq!(
        event.decode::<Msg>().unwrap(),
        Msg::SaveItem { id: 7, note: None }
    );
    let event = Event::form("search", "q=live");
    assert_eq!(
        event.decode::<Msg>().unwrap(),
        Msg::Search(Search { q: "live".into() })
    );
    assert_eq!(Msg::NAMES.len(), 6);
}

/// A LiveComponent's own events: `phx-target={@myself}` names are checked against them; its
/// untargeted names go to the view it is rendered in (not known here) and a selector target
/// cannot be checked: neither is.
#[derive(LiveEvent)]
enum CardMsg {
    Open,
    Close,
}

#[derive(live_core::LiveComponent)]
#[live(events = CardMsg)]
struct Card {
    open: bool,
}

fn render_card(assigns: &Assigns<Card>) -> Rendered {
    html! {
        <div>
            <button phx-click="open" phx-target={@myself}>{@open}</button>
            <button phx-click={JS::push("close")} phx-target={@myself}>"x"</button>
            <button phx-click="save_item">"to the view"</button>
            <button phx-click="anything" phx-target="#elsewhere">"elsewhere"</button>
        </div>
    }
}

#[allow(dead_code)]
fn uses_card() {
    let _ = render_card;
}
