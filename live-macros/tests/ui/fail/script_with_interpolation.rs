fn main() {
    let x = 1;
    let _ = live_core::html! { <script>{x}</script> };
}
