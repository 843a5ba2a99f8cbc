use live_core::{Assigns, LiveView, Rendered};

#[derive(LiveView)]
struct View {
    count: i64,
}

fn render(assigns: &Assigns<View>) -> Rendered {
    live_core::html! { <p>{@ + 1} {@count}</p> }
}

fn main() {
    let _ = render(&Assigns::new(View { count: 0 }));
}
