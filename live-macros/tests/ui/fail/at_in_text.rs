fn main() {
    let _ = live_core::html! { <p>Count: @count</p> };
}
