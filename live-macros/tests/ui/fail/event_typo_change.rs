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
        <form phx-change="validate" phx-submit="save_item"><input name="n" value={@count}/></form>
    }
}

fn main() {
    let _ = render;
}
