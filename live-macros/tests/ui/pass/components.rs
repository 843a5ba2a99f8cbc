//! Components: defaults, optional attributes, reference attributes, slots with `:let`,
//! components from another module, and keyword attribute names.
use live_core::{component, html, Rendered, Slot};

mod ui {
    use live_core::{component, html, Rendered, Slot};

    #[derive(Default)]
    pub struct Item {
        pub title: Option<String>,
    }

    #[component]
    pub fn list<'a>(
        items: &'a [i32],
        #[attr(default = "ul")] r#type: &'static str,
        item: Vec<Slot<Item, &'a i32>>,
        empty: Option<Slot>,
    ) -> Rendered {
        html! {
            <div data-type={@r#type}>
                <p :for={n in @items.iter()}>{for s in item.iter() { {s.attrs.title.as_deref().unwrap_or("")}{s.render(n)} }}</p>
                {if let (true, Some(e)) = (items.is_empty(), empty) { {e} }}
            </div>
        }
    }
}

use ui::list;

#[component]
fn frame(#[attr(default)] wide: bool, inner_block: Slot) -> Rendered {
    html! { <section class={["frame", ("wide", *wide)]}>{@inner_block}</section> }
}

fn main() {
    let numbers = vec![1, 2];
    let label = String::from("n");
    let rendered = html! {
        <.frame wide>
            <.list items={&numbers} type="ol">
                <:item title="first" :let={n}>{label}{n}</:item>
                <:item :let={n}><b>{n * 2}</b></:item>
                <:empty>none</:empty>
            </.list>
        </.frame>
    };
    assert!(rendered.to_html().starts_with("<section class=\"frame wide\">"));
}
