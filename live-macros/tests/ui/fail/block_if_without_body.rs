fn main() {
    let show = true;
    let _ = live_core::html! { <p>{if show}</p> };
}
