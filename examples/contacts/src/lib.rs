//! The contacts demo: a small CRUD app on a real database, built from the core components.
//!
//! - **SQLite, embedded** ([`Db`]): a file next to the app, no server to start; the schema's
//!   migrations run at start-up; the database is the router's typed state
//!   (`Router::state`), reached from every view through `socket.state::<Db>()`.
//! - **An index** (`/`): a `<.table>` over a [`Stream`](live_core::Stream) of the contacts,
//!   each row with edit and delete: the rows live in the browser, the server sends only the
//!   rows that were added, changed or deleted.
//! - **A form in a modal** (`/new`, `/:id/edit`, live patches of the same view): validated as
//!   you type (errors on touched fields only); saving checks the database's unique index on
//!   the email and shows "has already been taken" on that field.
//! - **Delete with confirmation**: a second modal asks first.
//!
//! ```
//! use live_server::testing::live;
//! let db = contacts::Db::in_memory()?;
//! db.seed_if_empty()?;
//! let mut view = live(&contacts::router(db), "/")?;
//! assert_eq!(view.element("#contacts-rows tr:first-child td:first-child").text()?, "Ada Lovelace");
//! assert_eq!(view.element("#contacts-rows tr:first-child").attribute("id")?.as_deref(), Some("contacts-1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod db;

use std::sync::Arc;

use live_core::components::{button, flash_group, header, hide_modal, modal, simple_form, table};
use live_core::form::{input, Changeset, EventParams, Form};
use live_core::link::link;
use live_core::{
    html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, Stream, ViewError, JS,
};
use live_server::Router;

pub use db::{Contact, Db, DbError, NewContact};

/// The rules of a contact form (the database adds one: a unique email).
///
/// ```
/// let params = live_core::form::EventParams::from_form("contact[name]=A&contact[email]=a")?;
/// let checked = contacts::changeset(&params);
/// assert_eq!(checked.errors_on("email").collect::<Vec<_>>(), ["must have the @ sign and no spaces"]);
/// # Ok::<(), live_core::form::DecodeError>(())
/// ```
pub fn changeset(params: &EventParams) -> Changeset<NewContact> {
    Changeset::cast(params, "contact")
        .required(&["name", "email"])
        .length("name", 2..=80)
        .format(
            "email",
            |email| email.contains('@') && !email.contains(char::is_whitespace),
            "must have the @ sign and no spaces",
        )
        .length("phone", ..=30)
}

/// What the modal holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editing {
    /// A new contact (`/new`).
    New,
    /// The contact with this id (`/:id/edit`).
    Contact(i64),
}

/// The contacts page.
#[derive(LiveView)]
pub struct Contacts {
    /// The contacts: every one (by name) at mount, then the ones added, changed or deleted.
    contacts: Stream<Contact>,
    /// How many contacts there are.
    count: usize,
    /// The contact in the form's modal, if it is open.
    editing: Option<Editing>,
    /// The form, with its errors.
    form: Form,
    /// The contact the delete confirmation asks about.
    deleting: Option<Contact>,
}

fn db<V: LiveView>(socket: &Socket<V>) -> Result<Arc<Db>, ViewError> {
    socket
        .state::<Db>()
        .ok_or_else(|| ViewError::new("the router has no Db state"))
}

fn failed(err: DbError) -> ViewError {
    ViewError::new(err)
}

/// A form showing `contact` (or empty).
fn form_of(contact: Option<&Contact>) -> Form {
    let form = Form::new("contact").with_id("contact-form");
    match contact {
        Some(c) => form
            .with_value("name", c.name.clone())
            .with_value("email", c.email.clone())
            .with_value("phone", c.phone.clone()),
        None => form,
    }
}

impl LiveView for Contacts {
    type Info = ();

    fn mount(_: &Params, session: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.set_page_title("Contacts");
        let db = session
            .state::<Db>()
            .ok_or_else(|| ViewError::new("the router has no Db state"))?;
        let mut contacts = Stream::new("contacts", |c: &Contact| c.id);
        contacts.insert_many(db.list().map_err(failed)?);
        Ok(Contacts {
            contacts,
            count: db.count().map_err(failed)?,
            editing: None,
            form: form_of(None),
            deleting: None,
        })
    }

    fn handle_params(
        assigns: &mut Assigns<Self>,
        params: &Params,
        uri: &str,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let path = uri.split(['?', '#']).next().unwrap_or(uri);
        if path.ends_with("/new") {
            assigns.set_editing(Some(Editing::New));
            assigns.set_form(form_of(None));
        } else if let Some(id) = params.get("id").and_then(|id| id.parse::<i64>().ok()) {
            match db(socket)?.get(id) {
                Ok(contact) => {
                    assigns.set_editing(Some(Editing::Contact(id)));
                    assigns.set_form(form_of(Some(&contact)));
                }
                Err(DbError::NotFound) => {
                    assigns.put_flash("error", "That contact no longer exists");
                    socket.push_patch("/");
                }
                Err(err) => return Err(failed(err)),
            }
        } else {
            assigns.set_editing(None);
        }
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let db = db(socket)?;
        match event.name() {
            "validate" => {
                assigns.set_form(changeset(event.params()).to_form().with_id("contact-form"))
            }
            "save" => {
                let Some(editing) = assigns.editing else {
                    return Ok(());
                };
                let contact = match changeset(event.params()).apply() {
                    Ok(contact) => contact,
                    Err(invalid) => {
                        assigns.set_form(invalid.to_form().with_id("contact-form"));
                        return Ok(());
                    }
                };
                let saved = match editing {
                    Editing::New => db.insert(&contact),
                    Editing::Contact(id) => db.update(id, &contact),
                };
                match saved {
                    Ok(saved) => {
                        assigns.put_flash("info", format!("Saved {}", saved.name));
                        assigns.set_count(db.count().map_err(failed)?);
                        // A new row goes at the end, an edited one is replaced in place.
                        assigns.update_contacts(|contacts| contacts.insert(saved));
                        socket.push_patch("/");
                    }
                    Err(DbError::Taken(field)) => {
                        let form = changeset(event.params())
                            .add_error(field, "has already been taken")
                            .to_form()
                            .with_id("contact-form");
                        assigns.set_form(form);
                    }
                    Err(DbError::NotFound) => {
                        assigns.put_flash("error", "That contact no longer exists");
                        if let Editing::Contact(id) = editing {
                            assigns.update_contacts(|contacts| {
                                contacts.delete_by_dom_id(format!("contacts-{id}"))
                            });
                        }
                        assigns.set_count(db.count().map_err(failed)?);
                        socket.push_patch("/");
                    }
                    Err(err) => return Err(failed(err)),
                }
            }
            "delete" => {
                let id = event.params().get_str("id").and_then(|id| id.parse().ok());
                match id.map(|id| db.get(id)) {
                    Some(Ok(contact)) => assigns.set_deleting(Some(contact)),
                    Some(Err(DbError::NotFound)) | None => {}
                    Some(Err(err)) => return Err(failed(err)),
                }
            }
            "confirm-delete" => {
                if let Some(contact) = assigns.deleting.clone() {
                    db.delete(contact.id).map_err(failed)?;
                    assigns.put_flash("info", format!("Deleted {}", contact.name));
                    assigns.update_contacts(|contacts| contacts.delete(&contact));
                    assigns.set_count(db.count().map_err(failed)?);
                }
                assigns.set_deleting(None);
            }
            "cancel-delete" => assigns.set_deleting(None),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <.flash_group flash={assigns.flash()}/>
            <.header>
                Contacts
                <:subtitle>{@count} people, kept in SQLite.</:subtitle>
                <:actions><.link id="new-contact" patch="/new" class="btn btn-primary">New contact</.link></:actions>
            </.header>
            <.table id="contacts" rows={&@contacts}>
                <:col label="Name" :let={c}>{c.name}</:col>
                <:col label="Email" :let={c}>{c.email}</:col>
                <:col label="Phone" :let={c}>{c.phone}</:col>
                <:action :let={c}>
                    <.link id={format!("edit-{}", c.id)} patch={format!("/{}/edit", c.id)} class="btn btn-ghost">Edit</.link>
                </:action>
                <:action :let={c}>
                    <.button id={format!("delete-{}", c.id)} type="button" variant="ghost" phx-click="delete" rest={vec![("phx-value-id", c.id.to_string())]}>Delete</.button>
                </:action>
                <:empty>No contacts yet: add the first one.</:empty>
            </.table>
            {if let Some(editing) = @editing {
                <.modal id="contact-modal" show title={if editing == Editing::New { "New contact" } else { "Edit contact" }} on_cancel={JS::patch("/")}>
                    <.simple_form for={&@form} phx-change="validate" phx-submit="save">
                        <.input field={@form.field("name")} label="Name" autocomplete="name"/>
                        <.input field={@form.field("email")} type="email" label="Email" autocomplete="email"/>
                        <.input field={@form.field("phone")} type="tel" label="Phone" autocomplete="tel" help="Optional"/>
                        <:actions><.button id="save" phx-disable-with="Saving…">Save contact</.button></:actions>
                    </.simple_form>
                </.modal>
            }}
            {if let Some(contact) = &@deleting {
                <.modal id="delete-modal" show title="Delete this contact?" on_cancel={JS::push("cancel-delete")}>
                    <p><b>{contact.name}</b> ({contact.email}) will be removed for good.</p>
                    <div class="actions">
                        <.button id="confirm-delete" type="button" variant="danger" phx-click="confirm-delete">Delete</.button>
                        <.button id="cancel-delete" type="button" variant="secondary" phx-click={hide_modal("delete-modal").push("cancel-delete")}>Cancel</.button>
                    </div>
                </.modal>
            }}
        }
    }
}

/// The demo's routes, all one view: the index at `/`, the new-contact form at `/new`, the edit
/// form at `/:id/edit`; `db` is the router's state.
pub fn router(db: Db) -> Router {
    Router::new().state(db).live_session("app", |r| {
        r.live::<Contacts>("/")
            .live::<Contacts>("/new")
            .live::<Contacts>("/:id/edit")
    })
}
