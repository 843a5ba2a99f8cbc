use live_core::{component, html, Rendered, Slot};

#[derive(Default)]
struct Col {
    label: String,
}

#[component]
fn table(col: Vec<Slot<Col>>) -> Rendered {
    html! { <tr><th :for={c in @col.iter()}>{c.attrs.label}</th></tr> }
}

fn main() {
    let _ = html! { <.table><:col lable="Name">n</:col></.table> };
}
