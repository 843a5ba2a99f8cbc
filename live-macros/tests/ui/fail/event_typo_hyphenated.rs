use live_core::{html, Assigns, LiveEvent, LiveView, Rendered};

// The error lists every declared name as written, `{` and `}` included.
#[derive(LiveEvent)]
enum Msg {
    Inc,
    #[live(name = "clear-all")]
    ClearAll,
    #[live(name = "{x}")]
    Braces,
}

#[derive(LiveView)]
#[live(events = Msg)]
struct Counter {
    count: i64,
}

fn render(assigns: &Assigns<Counter>) -> Rendered {
    html! {
        <button phx-click="clear-alll">{@count}</button>
    }
}

fn main() {
    let _ = render;
}
