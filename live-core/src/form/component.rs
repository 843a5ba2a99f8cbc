//! [`Form`] and [`FormField`], the state a template renders, and the `<.form>` and `<.input>`
//! function components.

use serde_json::{Map, Value};

use super::changeset::{form_fields, form_target, FieldError};
use super::params::{field_is_used, EventParams};
use crate::{component, html, Rendered, Slot};

/// What a form template needs: the name of the form (the params namespace, `user` in
/// `user[email]`), the values as the user sent them, the errors per field, and which fields
/// were touched. Build it with [`Changeset::to_form`](super::Changeset::to_form) (with
/// validation errors) or [`Form::new`] / [`Form::from_params`] (without), keep it as an assign
/// and render it with [`form()`] and [`input()`].
///
/// ```
/// use live_core::form::{EventParams, Form};
/// let params = EventParams::from_form("user[email]=ada%40example.com")?;
/// let form = Form::from_params(&params, "user");
/// let email = form.field("email");
/// assert_eq!((email.name(), email.id(), email.value()), ("user[email]".into(), "user_email".into(), "ada@example.com"));
/// # Ok::<(), live_core::form::DecodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    name: String,
    id: String,
    fields: Map<String, Value>,
    target: Option<String>,
    errors: Vec<FieldError>,
}

impl Default for Form {
    /// An empty form without a name (see [`Form::new`]).
    fn default() -> Self {
        Form::new("")
    }
}

impl Form {
    /// An empty form named `name` (`""` for fields without a namespace: their input names and
    /// ids are then the bare keys, and the form has no default id).
    ///
    /// ```
    /// let form = live_core::form::Form::new("user");
    /// assert_eq!(form.field("email").value(), "");
    /// assert!(!form.field("email").is_used());
    /// ```
    pub fn new(name: &str) -> Self {
        Form::from_parts(name, Map::new(), None, Vec::new())
    }

    /// The form `name` as the params of an event show it, without validation.
    pub fn from_params(params: &EventParams, name: &str) -> Self {
        Form::from_parts(
            name,
            form_fields(params, name),
            form_target(params, name),
            Vec::new(),
        )
    }

    pub(crate) fn from_parts(
        name: &str,
        fields: Map<String, Value>,
        target: Option<String>,
        errors: Vec<FieldError>,
    ) -> Self {
        Form {
            name: name.to_owned(),
            id: name.to_owned(),
            fields,
            target,
            errors,
        }
    }

    /// The same form with another id (the `<form>` id and the prefix of the input ids; the name
    /// by default). Give forms of the same name on one page different ids.
    ///
    /// ```
    /// let form = live_core::form::Form::new("user").with_id("invite");
    /// assert_eq!(form.field("email").id(), "invite_email");
    /// assert_eq!(form.field("email").name(), "user[email]");
    /// ```
    pub fn with_id(mut self, id: &str) -> Self {
        self.id = id.to_owned();
        self
    }

    /// The same form with `field` set to `value` (a starting value before the user types).
    ///
    /// ```
    /// let form = live_core::form::Form::new("user").with_value("plan", "free");
    /// assert_eq!(form.field("plan").value(), "free");
    /// ```
    pub fn with_value(mut self, field: &str, value: impl Into<String>) -> Self {
        self.fields
            .insert(field.to_owned(), Value::String(value.into()));
        self
    }

    /// The form's name: the namespace of its fields.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The form's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The fields as the user sent them (`_unused_` markers included).
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    /// Every error, shown or not.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// One field, for [`input()`] or a hand-written input.
    pub fn field(&self, field: &str) -> FormField<'_> {
        FormField {
            form: self,
            field: field.to_owned(),
        }
    }
}

/// One field of a [`Form`]: its input name and id, its value and its errors.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField<'a> {
    form: &'a Form,
    field: String,
}

impl FormField<'_> {
    /// The field's key in the form (`email`).
    pub fn key(&self) -> &str {
        &self.field
    }

    /// The input name: `user[email]`, or `email` in a form without a name.
    pub fn name(&self) -> String {
        if self.form.name.is_empty() {
            self.field.clone()
        } else {
            format!("{}[{}]", self.form.name, self.field)
        }
    }

    /// The input id: `user_email` (the form's id, `_`, the key), or the bare key in a form
    /// without an id.
    pub fn id(&self) -> String {
        if self.form.id.is_empty() {
            self.field.clone()
        } else {
            format!("{}_{}", self.form.id, self.field)
        }
    }

    /// The value as the user sent it, `""` when there is none (or it is a list).
    pub fn value(&self) -> &str {
        self.form
            .fields
            .get(&self.field)
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The values of a list field (`tags[]`, a multiple select), or the one value.
    pub fn values(&self) -> Vec<&str> {
        match self.form.fields.get(&self.field) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(text)) => vec![text.as_str()],
            _ => Vec::new(),
        }
    }

    /// Whether the user touched the field (see [`EventParams::is_used`]).
    pub fn is_used(&self) -> bool {
        self.form.target.as_deref() == Some(self.field.as_str())
            || field_is_used(&self.form.fields, &self.field)
    }

    /// Every error message of the field.
    pub fn errors(&self) -> Vec<&str> {
        self.form
            .errors
            .iter()
            .filter(|error| error.field == self.field)
            .map(|error| error.message.as_str())
            .collect()
    }

    /// The error messages to show: all of them once the field [is used](FormField::is_used),
    /// none before.
    pub fn visible_errors(&self) -> Vec<&str> {
        if self.is_used() {
            self.errors()
        } else {
            Vec::new()
        }
    }
}

/// A `<form>` for a [`Form`]. Its bindings are written as on any element (`phx-change`);
/// `html!` maps them to the fields `phx_change`, `phx_submit`… below. Its id defaults to the form's id (its name): a form needs one, with
/// `phx_change`, for the client to recover it after a reconnect (docs/protocol-bindings.md §2.10).
///
/// With `action`, the form can also be submitted over HTTP: `phx_trigger_action` (when true)
/// makes the client submit it natively once it is rendered, `method` defaults to `post`
/// (other methods than `get` and `post` are sent as a hidden `_method`), and `csrf_token`
/// adds the hidden `_csrf_token` input a `POST` route checks.
///
/// ```
/// use live_core::html;
/// use live_core::form::{form, input, Form};
/// let user = Form::new("user");
/// let page = html! {
///     <.form for={&user} phx-change="validate" phx-submit="save">
///         <.input field={user.field("email")} type="email" label="Email"/>
///         <button phx-disable-with="Saving…">Save</button>
///     </.form>
/// };
/// assert_eq!(
///     page.to_html(),
///     "<form id=\"user\" phx-change=\"validate\" phx-submit=\"save\">\
///      <div class=\"field\"><label for=\"user_email\">Email</label>\
///      <input type=\"email\" id=\"user_email\" name=\"user[email]\" value=\"\"></div>\
///      <button phx-disable-with=\"Saving…\">Save</button></form>"
/// );
/// ```
#[component]
pub fn form<'a>(
    /// The form to render.
    r#for: &'a Form,
    /// The `id` (default: the form's id).
    id: Option<String>,
    /// `class`.
    class: Option<String>,
    /// The event sent on every change (`phx-change`).
    phx_change: Option<String>,
    /// The event sent on submit (`phx-submit`).
    phx_submit: Option<String>,
    /// Where the events go: a component's cid or a selector (`phx-target`).
    phx_target: Option<String>,
    /// The event the client sends to recover the form after a reconnect, or `"ignore"`
    /// (`phx-auto-recover`; default: the `phx-change` event).
    phx_auto_recover: Option<String>,
    /// The URL of a native (HTTP) submit.
    action: Option<String>,
    /// The method of a native submit (default `post` when there is an `action`).
    method: Option<String>,
    /// Submit natively as soon as this renders (`phx-trigger-action`; needs `action`).
    #[attr(default)]
    phx_trigger_action: bool,
    /// A CSRF token for the native submit, rendered as the hidden `_csrf_token` input.
    csrf_token: Option<String>,
    /// The inputs.
    inner_block: Slot,
) -> Rendered {
    // Each attribute reads only the attributes it shows: a keystroke (a new `for`) re-sends
    // the form's id (read from `for`), not its bindings.
    html! {
        <form id={form_id(&@id, @r#for)} class={::live_core::OmitNone(@class.as_deref())} action={@action.as_deref()} method={form_method(&@action, &@method).0} phx-change={@phx_change.as_deref()} phx-submit={@phx_submit.as_deref()} phx-target={@phx_target.as_deref()} phx-auto-recover={@phx_auto_recover.as_deref()} phx-trigger-action={@phx_trigger_action}>
            <input :if={let Some(token) = &@csrf_token} type="hidden" name="_csrf_token" value={token}>
            <input :if={let Some(verb) = form_method(&@action, &@method).1} type="hidden" name="_method" value={verb}>{@inner_block}</form>
    }
}

/// The `<form>` id: the `id` attribute, or the form's id; none when empty.
fn form_id(id: &Option<String>, form: &Form) -> Option<String> {
    let id = id.clone().unwrap_or_else(|| form.id().to_owned());
    (!id.is_empty()).then_some(id)
}

/// The `method` of a native submit (none without an `action`) and the hidden `_method` for
/// the methods a form cannot send.
fn form_method(
    action: &Option<String>,
    method: &Option<String>,
) -> (Option<&'static str>, Option<String>) {
    let requested = method.as_deref().map(str::to_ascii_lowercase);
    match (action.is_some(), requested.as_deref()) {
        (false, _) => (None, None),
        (true, None | Some("post")) => (Some("post"), None),
        (true, Some("get")) => (Some("get"), None),
        (true, Some(_)) => (Some("post"), requested),
    }
}

/// One field: a label, the input showing the field's value, and the field's errors once the
/// user touched it ([`FormField::visible_errors`]), each as `<p class="error">`. While errors
/// show, the wrapper gets the class `invalid` and the input `aria-invalid="true"`.
///
/// `type` chooses the control: any `<input>` type (`text` by default, `email`, `password`,
/// `number`, `date`…); `checkbox` (a hidden `false` input before a `true` checkbox, so an
/// unchecked box still sends a value); `select` (with `options`, `(label, value)` pairs, and an
/// optional `prompt`); `textarea`; `hidden` (the input alone). `help` adds a hint under the
/// control, which screen readers announce with it (`aria-describedby`). Every type renders the value
/// the user sent, passwords included: a patch resets an input that is not focused to the
/// rendered value, so leaving it out would clear what the user typed.
///
/// ```
/// use live_core::html;
/// use live_core::form::{input, EventParams, Changeset};
/// #[derive(serde::Deserialize, Default)]
/// #[serde(default)]
/// struct Profile { bio: String, plan: String, news: bool }
///
/// let params = EventParams::from_form("p[bio]=Hi&p[plan]=pro&p[news]=false&p[news]=true")?;
/// let form = Changeset::<Profile>::cast(&params, "p").length("bio", 3..).to_form();
/// let html = html! {
///     <.input field={form.field("bio")} type="textarea" label="Bio"/>
///     <.input field={form.field("plan")} type="select" options={&[("Free", "free"), ("Pro", "pro")]}/>
///     <.input field={form.field("news")} type="checkbox" label="Send news"/>
/// }.to_html();
/// assert!(html.contains("<textarea id=\"p_bio\" name=\"p[bio]\" aria-invalid=\"true\">Hi</textarea>\
///                        <p class=\"error\">should be at least 3 character(s)</p>"), "{html}");
/// assert!(html.contains("<option value=\"pro\" selected>Pro</option>"), "{html}");
/// assert!(html.contains("<input type=\"hidden\" name=\"p[news]\" value=\"false\">\
///                        <input type=\"checkbox\" id=\"p_news\" name=\"p[news]\" value=\"true\" checked>"), "{html}");
/// # Ok::<(), live_core::form::DecodeError>(())
/// ```
#[component]
pub fn input<'a>(
    /// The field ([`Form::field`]).
    field: FormField<'a>,
    /// The control: an input type, `checkbox`, `select`, `textarea` or `hidden`.
    r#type: Option<String>,
    /// The label text.
    label: Option<String>,
    /// The `id` (default: the field's id).
    id: Option<String>,
    /// The value to show instead of the field's.
    value: Option<String>,
    /// `placeholder`.
    placeholder: Option<String>,
    /// `autocomplete`.
    autocomplete: Option<String>,
    /// `phx-debounce` (milliseconds, or `blur`).
    phx_debounce: Option<String>,
    /// `required`.
    #[attr(default)]
    required: bool,
    /// `disabled`.
    #[attr(default)]
    disabled: bool,
    /// A `select`'s options, `(label, value)`.
    #[attr(default)]
    options: &'a [(&'a str, &'a str)],
    /// A `select`'s first, empty option.
    prompt: Option<String>,
    /// The class of the wrapping `<div>` (`field` by default).
    class: Option<String>,
    /// A hint under the control (`<p class="help">`), tied to it with `aria-describedby`.
    help: Option<String>,
) -> Rendered {
    // Each attribute reads only the attributes it shows, so a keystroke (a new `field`)
    // re-sends what the field gives (value, errors, id, name), not the label or the bindings.
    html! {
        {match @r#type.as_deref().unwrap_or("text") {
            "hidden" => {
                <input type="hidden" id={input_id(&@id, &@field)} name={@field.name()} value={input_value(&@value, &@field)}>
            },
            "checkbox" => {
                <div class={[@class.as_deref().unwrap_or("field"), ("invalid", !@field.visible_errors().is_empty())]}>
                    <label for={input_id(&@id, &@field)}><input type="hidden" name={@field.name()} value="false"><input type="checkbox" id={input_id(&@id, &@field)} name={@field.name()} value="true" checked={["true", "on"].contains(&input_value(&@value, &@field))} required={@required} disabled={@disabled} {...aria(&@id, &@field, &@help)}>{@label.as_deref().map(|l| format!(" {l}")).unwrap_or_default()}</label>
                    {match &@help { Some(help) => { <p class="help" id={help_id(&@id, &@field)}>{help}</p> }, None => {} }}
                    <p :for={message in @field.visible_errors()} class="error">{message}</p>
                </div>
            },
            "select" => {
                <div class={[@class.as_deref().unwrap_or("field"), ("invalid", !@field.visible_errors().is_empty())]}>
                    <label :if={@label.is_some()} for={input_id(&@id, &@field)}>{@label.as_deref().unwrap_or_default()}</label>
                    <select id={input_id(&@id, &@field)} name={@field.name()} required={@required} disabled={@disabled} {...aria(&@id, &@field, &@help)}>
                        <option :if={@prompt.is_some()} value="">{@prompt.as_deref().unwrap_or_default()}</option>
                        <option :for={(text, option) in @options.iter()} value={*option} selected={*option == input_value(&@value, &@field)}>{text}</option>
                    </select>
                    {match &@help { Some(help) => { <p class="help" id={help_id(&@id, &@field)}>{help}</p> }, None => {} }}
                    <p :for={message in @field.visible_errors()} class="error">{message}</p>
                </div>
            },
            "textarea" => {
                <div class={[@class.as_deref().unwrap_or("field"), ("invalid", !@field.visible_errors().is_empty())]}>
                    <label :if={@label.is_some()} for={input_id(&@id, &@field)}>{@label.as_deref().unwrap_or_default()}</label>
                    <textarea id={input_id(&@id, &@field)} name={@field.name()} placeholder={@placeholder.as_deref()} phx-debounce={@phx_debounce.as_deref()} required={@required} disabled={@disabled} {...aria(&@id, &@field, &@help)}>{input_value(&@value, &@field)}</textarea>
                    {match &@help { Some(help) => { <p class="help" id={help_id(&@id, &@field)}>{help}</p> }, None => {} }}
                    <p :for={message in @field.visible_errors()} class="error">{message}</p>
                </div>
            },
            _ => {
                <div class={[@class.as_deref().unwrap_or("field"), ("invalid", !@field.visible_errors().is_empty())]}>
                    <label :if={@label.is_some()} for={input_id(&@id, &@field)}>{@label.as_deref().unwrap_or_default()}</label>
                    <input type={@r#type.as_deref().unwrap_or("text")} id={input_id(&@id, &@field)} name={@field.name()} value={input_value(&@value, &@field)} placeholder={@placeholder.as_deref()} autocomplete={@autocomplete.as_deref()} phx-debounce={@phx_debounce.as_deref()} required={@required} disabled={@disabled} {...aria(&@id, &@field, &@help)}>
                    {match &@help { Some(help) => { <p class="help" id={help_id(&@id, &@field)}>{help}</p> }, None => {} }}
                    <p :for={message in @field.visible_errors()} class="error">{message}</p>
                </div>
            },
        }}
    }
}

/// The input id: the `id` attribute, or the field's.
fn input_id(id: &Option<String>, field: &FormField<'_>) -> String {
    id.clone().unwrap_or_else(|| field.id())
}

/// The id of the help text: `{input id}-help`.
fn help_id(id: &Option<String>, field: &FormField<'_>) -> String {
    format!("{}-help", input_id(id, field))
}

/// The value shown: the `value` attribute, or the field's.
fn input_value<'a>(value: &'a Option<String>, field: &'a FormField<'_>) -> &'a str {
    value.as_deref().unwrap_or_else(|| field.value())
}

/// `aria-invalid="true"` while the field shows errors, and `aria-describedby` naming the help
/// text when there is one: one slot, so a keystroke re-sends one attribute slot, not two.
fn aria(
    id: &Option<String>,
    field: &FormField<'_>,
    help: &Option<String>,
) -> Vec<(&'static str, Option<String>)> {
    vec![
        (
            "aria-invalid",
            (!field.visible_errors().is_empty()).then(|| "true".to_owned()),
        ),
        (
            "aria-describedby",
            help.as_ref().map(|_| help_id(id, field)),
        ),
    ]
}
