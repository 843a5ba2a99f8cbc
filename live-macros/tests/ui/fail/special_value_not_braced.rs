fn main() {
    let _ = live_core::html! { <p :if="show">x</p> };
}
