use live_core::{html, Assigns, LiveComponent, LiveEvent, LiveView, Rendered};

#[derive(LiveEvent)]
enum Msg {
    Save,
}

#[derive(LiveView)]
#[live(events = Msg)]
struct Editor {
    title: String,
}

#[derive(LiveEvent)]
enum CardMsg {
    Open,
    Close,
}

#[derive(LiveComponent)]
#[live(events = CardMsg)]
struct Card {
    open: bool,
}

fn render_editor(assigns: &Assigns<Editor>) -> Rendered {
    html! { <button phx-click="save">{@title}</button> }
}

// `save` is the view's event: with `phx-target={@myself}` it goes to the card, which does not
// declare it.
fn render_card(assigns: &Assigns<Card>) -> Rendered {
    html! {
        <div>
            <button phx-click="open" phx-target={@myself}>{@open}</button>
            <button phx-click="save" phx-target={@myself}>"save"</button>
        </div>
    }
}

fn main() {
    let _ = (render_editor, render_card);
}
