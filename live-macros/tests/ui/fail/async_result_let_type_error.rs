use live_core::{html, AsyncResult, Rendered};

struct Org {
    name: String,
}

// `:let` receives `&Org`: a field it does not have is an error on the template's read.
fn show(org: &AsyncResult<Org>) -> Rendered {
    html! {
        <.async_result :let={org} assign={org}>
            <:loading>"Loading..."</:loading>
            <b>{org.nmae}</b>
        </.async_result>
    }
}

fn main() {
    let _ = show;
}
