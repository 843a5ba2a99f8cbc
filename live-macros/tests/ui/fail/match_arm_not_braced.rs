fn main() {
    let n = 1;
    let _ = live_core::html! { <p>{match n { 1 => "one", _ => { other } }}</p> };
}
