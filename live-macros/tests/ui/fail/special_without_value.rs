fn main() {
    let _ = live_core::html! { <p :if>x</p> };
}
