//! `<.button>`.

use crate::html::AttrValue;
use crate::{component, html, JsCommand, Rendered, Slot};

/// What a binding attribute of a component runs: nothing, an event pushed to the view, or a
/// [`JS`](crate::JS) command. Converts from `&str` / `String` (an event name) and from a
/// [`JsCommand`].
///
/// ```
/// use live_core::components::Action;
/// use live_core::{AttrValue, JS};
/// assert_eq!(Action::from("save").render_attr("phx-click"), r#" phx-click="save""#);
/// assert_eq!(Action::from(JS::hide("#m")).render_attr("phx-click"), r##" phx-click="[[&quot;hide&quot;,{&quot;to&quot;:&quot;#m&quot;}]]""##);
/// assert_eq!(Action::None.render_attr("phx-click"), "");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Action {
    /// No binding: the attribute is left out.
    #[default]
    None,
    /// An event name pushed to the view.
    Event(String),
    /// A JS command run by the client.
    Js(JsCommand),
}

impl From<&str> for Action {
    fn from(event: &str) -> Self {
        Action::Event(event.to_owned())
    }
}

impl From<String> for Action {
    fn from(event: String) -> Self {
        Action::Event(event)
    }
}

impl From<JsCommand> for Action {
    fn from(command: JsCommand) -> Self {
        Action::Js(command)
    }
}

impl AttrValue for Action {
    fn render_attr(&self, name: &str) -> String {
        match self {
            Action::None => String::new(),
            Action::Event(event) => event.render_attr(name),
            Action::Js(command) => command.render_attr(name),
        }
    }
}

/// A button. `variant` picks its look: `primary` (the default), `secondary`, `danger` or
/// `ghost`; `class` adds classes. Without `type`, a button inside a form submits it.
/// `phx-click` takes an event name or a [`JS`](crate::JS) command; `rest` adds any other
/// attribute (`phx-value-id`, `data-confirm`, `aria-*`).
///
/// ```
/// use live_core::components::button;
/// use live_core::{html, JS};
/// let id = 7;
/// let html = html! {
///     <.button type="button" variant="danger" phx-click="delete" rest={vec![("phx-value-id", id.to_string()), ("data-confirm", "Sure?".into())]}>Delete</.button>
///     <.button type="button" variant="ghost" phx-click={JS::toggle("#menu")} aria-label="Menu">"☰"</.button>
/// }.to_html();
/// assert_eq!(html, "<button type=\"button\" class=\"btn btn-danger\" phx-click=\"delete\" phx-value-id=\"7\" data-confirm=\"Sure?\">Delete</button>\
///                   <button type=\"button\" class=\"btn btn-ghost\" phx-click=\"[[&quot;toggle&quot;,{&quot;to&quot;:&quot;#menu&quot;}]]\" aria-label=\"Menu\">☰</button>");
/// ```
#[component]
pub fn button(
    /// `id`.
    id: Option<String>,
    /// `type`: `button`, `submit` or `reset`.
    r#type: Option<String>,
    /// `primary` (default), `secondary`, `danger` or `ghost`.
    variant: Option<String>,
    /// More classes.
    class: Option<String>,
    /// `phx-click`: an event or a JS command.
    #[attr(default)]
    phx_click: Action,
    /// `phx-disable-with`: the text while the server handles the click or the form's submit.
    phx_disable_with: Option<String>,
    /// `aria-label`, for a button without text.
    aria_label: Option<String>,
    /// `disabled`.
    #[attr(default)]
    disabled: bool,
    /// Any other attributes, `(name, value)`.
    #[attr(default)]
    rest: Vec<(&'static str, String)>,
    /// The button's content.
    inner_block: Slot,
) -> Rendered {
    html! {
        <button id={@id.as_deref()} type={@r#type.as_deref()} class={["btn", variant_class(&@variant), @class.as_deref()]} phx-click={&@phx_click} phx-disable-with={@phx_disable_with.as_deref()} aria-label={@aria_label.as_deref()} disabled={@disabled} {...&@rest}>{@inner_block}</button>
    }
}

/// The class of a variant.
fn variant_class(variant: &Option<String>) -> &'static str {
    match variant.as_deref() {
        Some("secondary") => "btn-secondary",
        Some("danger") => "btn-danger",
        Some("ghost") => "btn-ghost",
        _ => "btn-primary",
    }
}
