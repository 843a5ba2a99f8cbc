fn main() {
    let items = [1, 2];
    let _ = live_core::html! { <li :for={items}>x</li> };
}
