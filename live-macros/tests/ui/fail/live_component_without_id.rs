use live_core::live_component::ComponentSocket;
use live_core::{html, Assigns, LiveComponent, Rendered, ViewError};

#[derive(LiveComponent)]
struct Row {
    label: String,
}

struct RowAttrs {
    label: String,
}

impl LiveComponent for Row {
    type Attrs = RowAttrs;
    fn mount(attrs: &RowAttrs, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        Ok(Row { label: attrs.label.clone() })
    }
    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <li>{@label}</li> }
    }
}

fn page() -> Rendered {
    html! { <ul><.live_component module={Row} label={"a".to_owned()}/></ul> }
}

fn missing_module() -> Rendered {
    html! { <ul><.live_component id="a" label={"a".to_owned()}/></ul> }
}

fn missing_field() -> Rendered {
    html! { <ul><.live_component module={Row} id="a"/></ul> }
}

fn main() {
    let _ = (page, missing_module, missing_field);
}
