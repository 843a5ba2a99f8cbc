fn main() {
    let _ = live_core::html! { <div class="spacer"/> };
}
