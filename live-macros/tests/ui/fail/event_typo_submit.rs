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
        <form phx-submit="save_iten"><span>{@count}</span></form>
    }
}

fn main() {
    let _ = render;
}
