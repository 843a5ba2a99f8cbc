use live_core::{component, html, Rendered};

#[component]
fn badge(#[attr(defualt)] label: String) -> Rendered {
    html! { <b>{@label}</b> }
}

fn main() {}
