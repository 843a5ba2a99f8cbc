fn main() {
    let _ = live_core::html! { <a href="/" class="x" href={"/other"}>Home</a> };
    let _ = live_core::html! { <button phx-click="a" PHX-CLICK="b">Go</button> };
}
