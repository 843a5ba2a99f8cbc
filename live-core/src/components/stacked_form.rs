//! `<.simple_form>`.

use crate::form::{form, Form};
use crate::{component, html, Rendered, Slot};

/// A [`form()`](crate::form::form()) whose fields stack with even spacing, and an `actions` slot
/// for its buttons. The bindings are those of `form` (`phx-change`, `phx-submit`,
/// `phx-target`); the form's id defaults to the [`Form`]'s.
///
/// ```
/// use live_core::components::{button, simple_form};
/// use live_core::form::{input, Form};
/// use live_core::html;
/// let user = Form::new("user");
/// let html = html! {
///     <.simple_form for={&user} phx-change="validate" phx-submit="save">
///         <.input field={user.field("email")} type="email" label="Email"/>
///         <:actions><.button>Save</.button></:actions>
///     </.simple_form>
/// }.to_html();
/// assert_eq!(html, "<form id=\"user\" class=\"simple-form\" phx-change=\"validate\" phx-submit=\"save\">\
///                   <div class=\"field\"><label for=\"user_email\">Email</label>\
///                   <input type=\"email\" id=\"user_email\" name=\"user[email]\" value=\"\"></div>\
///                   <div class=\"actions\"><button class=\"btn btn-primary\">Save</button></div></form>");
/// ```
#[component]
pub fn simple_form<'a>(
    /// The form to render.
    r#for: &'a Form,
    /// The `id` (default: the form's id).
    id: Option<String>,
    /// `phx-change`.
    phx_change: Option<String>,
    /// `phx-submit`.
    phx_submit: Option<String>,
    /// `phx-target`.
    phx_target: Option<String>,
    /// The fields.
    inner_block: Slot,
    /// The buttons, in a row under the fields.
    actions: Vec<Slot>,
) -> Rendered {
    html! {
        <.form for={@r#for} id={@id.clone()} class="simple-form" phx-change={@phx_change.clone()} phx-submit={@phx_submit.clone()} phx-target={@phx_target.clone()}>
            {@inner_block}<div :for={actions in @actions.iter()} class="actions">{actions}</div>
        </.form>
    }
}
