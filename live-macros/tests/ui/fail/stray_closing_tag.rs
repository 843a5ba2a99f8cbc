fn main() {
    let _ = live_core::html! { <p>One</p></div> };
}
