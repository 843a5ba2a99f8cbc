fn main() {
    let _ = live_core::html! { <p>{@count}</p> };
}
