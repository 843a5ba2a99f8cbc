//! The core components (`live_core::components`) in one page, through a few changes: a flash
//! put and cleared, a form validated, a row added, a modal's content changed.

use live_core::components::{button, flash_group, header, icon, list, modal, simple_form, table};
use live_core::form::{input, Changeset, EventParams, Form};
use live_core::{html, Assigns, LiveView, Rendered};

use super::{tracked, Case};

/// The page's state.
#[derive(LiveView)]
pub struct Contacts {
    form: Form,
    rows: Vec<(u32, String, String)>,
    editing: Option<u32>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Contact {
    name: String,
    email: String,
}

fn page(assigns: &Assigns<Contacts>) -> Rendered {
    html! {
        <.flash_group flash={assigns.flash()}/>
        <.header>
            Contacts
            <:subtitle>{@rows.len()} people</:subtitle>
            <:actions><.button type="button" phx-click="new"><.icon name="plus"/>" New"</.button></:actions>
        </.header>
        <.table id="contacts" rows={&@rows} row_id={|(id, _, _)| format!("contact-{id}")}>
            <:col label="Name" :let={contact}>{contact.1}</:col>
            <:col label="Email" :let={contact}>{contact.2}</:col>
            <:action :let={contact}>
                <.button type="button" variant="ghost" phx-click="edit" rest={vec![("phx-value-id", contact.0.to_string())]}>Edit</.button>
            </:action>
            <:empty>No contacts yet.</:empty>
        </.table>
        <.modal id="edit" show={@editing.is_some()} title="Edit contact">
            <.simple_form for={&@form} phx-change="validate" phx-submit="save">
                <.input field={@form.field("name")} label="Name" help="First and last"/>
                <.input field={@form.field("email")} type="email" label="Email"/>
                <:actions><.button phx-disable-with="Saving…">Save</.button></:actions>
            </.simple_form>
        </.modal>
        <.list>
            <:item title="Editing">{@editing.map(|id| id.to_string()).unwrap_or_default()}</:item>
        </.list>
    }
}

fn contacts() -> Contacts {
    Contacts {
        form: Form::new("contact"),
        rows: vec![(1, "Ada".into(), "ada@example.com".into())],
        editing: None,
    }
}

fn invalid_form() -> Form {
    let params =
        EventParams::from_form("contact[name]=&contact[email]=ada&_target=contact%5Bemail%5D")
            .unwrap_or_else(|_| EventParams::new(serde_json::Value::Null));
    Changeset::<Contact>::cast(&params, "contact")
        .required(&["name", "email"])
        .format("email", |e| e.contains('@'), "must have the @ sign")
        .to_form()
}

/// The cases of this module.
pub fn cases() -> Vec<Case> {
    vec![tracked(
        "core_components",
        contacts(),
        page,
        &[
            |a| a.put_flash("info", "Contact saved"),
            |a| a.set_editing(Some(1)),
            |a| a.set_form(invalid_form()),
            |a| a.update_rows(|rows| rows.push((2, "Grace".into(), "grace@example.com".into()))),
            |a| a.clear_flash(None),
            |a| a.put_flash("error", "Could not save"),
            |a| a.update_rows(Vec::clear),
        ],
    )]
}
