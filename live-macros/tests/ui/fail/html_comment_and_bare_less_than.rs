fn main() {
    // HTML comments are not supported: templates use Rust comments.
    let _ = live_core::html! { <p>x</p> <!-- note --> };
    // A `<` that starts no tag must be quoted.
    let _ = live_core::html! { <p>1 < 2</p> };
}
