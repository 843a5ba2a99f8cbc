fn main() {
    let show = true;
    let _ = live_core::html! { <p :iff={show}>x</p> };
    let _ = live_core::html! { <p :each={show}>x</p> };
}
