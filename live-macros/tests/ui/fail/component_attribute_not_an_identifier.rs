use live_core::{component, html, Rendered, Slot};

#[component]
fn card(title: String, #[attr(default = 2)] level: u8, inner_block: Slot, footer: Option<Slot>) -> Rendered {
    let _ = (level, footer);
    html! { <div>{@title}{@inner_block}</div> }
}

fn main() {
    let _ = html! { <.card title="t" xlink:href="1">body</.card> };
}
