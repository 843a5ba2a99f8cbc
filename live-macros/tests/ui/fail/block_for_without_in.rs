fn main() {
    let items = [1];
    let _ = live_core::html! { <ul>{for item { <li>{item}</li> }}</ul> };
}
