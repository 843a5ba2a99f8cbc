fn main() {
    let _ = live_core::html! { <p :let={x}>x</p> };
}
