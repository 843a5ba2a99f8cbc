fn main() {
    let _ = live_core::html! {
        <div>
            <p>Hello
        </div>
    };
    let _ = live_core::html! { <section><h1>Title</h1> };
}
