fn main() {
    let _ = live_core::html! { <div><:header>x</:header></div> };
}
