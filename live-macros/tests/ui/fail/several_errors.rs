fn main() {
    // Every mistake is reported at once.
    let _ = live_core::html! {
        <ul id="a" id="b">
            <li>one</li>
            <li>two</lj>
            <br></br>
        </ul>
        </ul>
    };
}
