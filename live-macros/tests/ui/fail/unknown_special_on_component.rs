use live_core::{component, html, Rendered, Slot};

/// A card.
#[component]
fn card(title: String, inner_block: Slot) -> Rendered {
    html! { <h2>{@title}</h2>{@inner_block} }
}

fn main() {
    let show = true;
    let _ = html! { <.card title="t" :iff={show}>x</.card> };
    let _ = html! { <.card title="t"><p :fi={show}>x</p></.card> };
    let _ = html! { <p :If={show}>x</p> };
}
