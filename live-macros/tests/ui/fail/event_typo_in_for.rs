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
        <ul><li :for={i in 0..@count} phx-click="dex" phx-value-id={i}>{i}</li></ul>
    }
}

fn main() {
    let _ = render;
}
