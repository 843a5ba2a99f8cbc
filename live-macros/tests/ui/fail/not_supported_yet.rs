fn main() {
    // `:if`, `:for`, attribute spreads and HTML comments come later.
    let show = true;
    let _ = live_core::html! { <p :if={show}>shown</p> };
    let _ = live_core::html! { <p {show}>x</p> };
    let _ = live_core::html! { <p>x</p> <!-- note --> };
    // A `<` that starts no tag must be quoted.
    let _ = live_core::html! { <p>1 < 2</p> };
}
