use live_core::{html, Assigns, LiveEvent, LiveView, Rendered};

#[derive(LiveEvent)]
enum Msg {
    Inc,
    Dec,
    SaveItem { id: u64 },
    #[live(name = "clear-all")]
    ClearAll,
}

#[derive(LiveView)]
#[live(events = Msg)]
struct Counter {
    count: i64,
}

fn render(assigns: &Assigns<Counter>) -> Rendered {
    html! {
        <.card><button phx-click="inc">"+"</button><button phx-click="dce">{@count}</button></.card>
    }
}

fn main() {
    let _ = render;
}

#[live_core::component]
fn card(inner_block: live_core::Slot) -> Rendered {
    html! { <section>{@inner_block}</section> }
}
