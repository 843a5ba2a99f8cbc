//! Attribute forms: spreads of several collection types, lists, raw values, global names.
use std::collections::BTreeMap;

use live_core::{html, raw};

fn main() {
    let map: BTreeMap<String, String> = [("data-a".to_owned(), "1".to_owned())].into();
    let pairs = vec![("title", Some("t")), ("lang", None)];
    let on = true;
    let rendered = html! {
        <div {...&map} {...pairs.iter().copied()} class={["a", on.then_some("b"), ("c", !on)]}
             phx-click={raw("[[\"push\",{}]]")} aria-hidden="true" data-x={1.5}>
            <script>r#"let s = "<b>";"#</script>
        </div>
    };
    assert!(rendered.to_html().contains("data-a=\"1\" title=\"t\" class=\"a b\""));
}
