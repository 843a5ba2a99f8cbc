fn main() {
    let _ = live_core::html! { <td colspan=2>x</td> };
}
