fn main() {
    let _ = live_core::html! { <p>line<br></br></p> };
}
