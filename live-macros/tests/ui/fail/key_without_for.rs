fn main() {
    let id = 1;
    let _ = live_core::html! { <li :key={id}>x</li> };
}
