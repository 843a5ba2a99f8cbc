fn main() {
    let show = true;
    let _ = live_core::html! { <p>x</p :if={show}> };
}
