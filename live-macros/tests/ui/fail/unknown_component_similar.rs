use live_core::{component, html, Rendered};

/// A card.
#[component]
fn card(title: String) -> Rendered {
    html! { <h2>{@title}</h2> }
}

fn main() {
    let _ = html! { <.crad title="t"/> };
    let _ = card;
}
