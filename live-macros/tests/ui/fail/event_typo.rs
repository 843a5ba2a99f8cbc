use live_core::{html, Assigns, LiveEvent, LiveView, Rendered};

#[derive(LiveEvent)]
enum Msg {
    Inc,
    Dec,
    Increment,
}

#[derive(LiveView)]
#[live(events = Msg)]
struct Counter {
    count: i64,
}

fn render(assigns: &Assigns<Counter>) -> Rendered {
    html! {
        <div>
            <span>{@count}</span>
            <button phx-click="inc">"+"</button>
            <button phx-click="incrment">"+1"</button>
        </div>
    }
}

fn main() {
    let _ = render;
}
