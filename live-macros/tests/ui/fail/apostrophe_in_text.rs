fn main() {
    // Rust's lexer reports `don't` itself (a reserved prefix) before the macro runs.
    let _ = live_core::html! { <p>Please don't go</p> };
    let _ = live_core::html! { <p>Rock 'n roll</p> };
    let _ = live_core::html! { <p>Grade 'A' only</p> };
}
