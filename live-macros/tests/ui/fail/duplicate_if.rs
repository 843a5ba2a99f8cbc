fn main() {
    let (a, b) = (true, false);
    let _ = live_core::html! { <p :if={a} :if={b}>x</p> };
}
