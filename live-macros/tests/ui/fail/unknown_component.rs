fn main() {
    let _ = live_core::html! { <.missing title="t"/> };
}
