use live_core::{component, html, Rendered};

#[component]
fn show<T: std::fmt::Display>(value: T) -> Rendered {
    html! { <b>{@value}</b> }
}

fn main() {}
