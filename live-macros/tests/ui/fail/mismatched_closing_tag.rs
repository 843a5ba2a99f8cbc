fn main() {
    let _ = live_core::html! { <div>Hello</span> };
}
