use live_core::form::form;
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
    let search_form = live_core::Form::new("s");
    html! {
        <.form for={&search_form} phx-submit="saveitem"><span>{@count}</span></.form>
    }
}

fn main() {
    let _ = render;
}
