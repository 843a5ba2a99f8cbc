fn main() {
    let id = 1;
    let _ = live_core::html! { <p {id}>x</p> };
}
