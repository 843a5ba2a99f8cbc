//! The core components (`live_core::components`) in a real browser (Debian's Chromium driven by
//! playwright-core, the official client, the bundled stylesheet): the modal opens and closes
//! without a WebSocket frame, keeps the focus inside and gives it back; inputs show errors
//! only once touched; flashes close with their button (and clear on the server) or fade out by
//! themselves; everything works from the keyboard. The driver is
//! `tests/js/browser_core_components.mjs`; it prints PASS only on success.

use std::net::SocketAddr;

use live_core::components::{button, flash_group, header, modal, show_modal, simple_form};
use live_core::form::{input, Changeset, Form};
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::{Config, Router, Server};
use live_tests::run_node;

/// The form in the modal.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Contact {
    name: String,
    email: String,
}

fn check(event: &Event) -> Changeset<Contact> {
    Changeset::cast(event.params(), "contact")
        .required(&["name", "email"])
        .format("email", |e| e.contains('@'), "must have the @ sign")
}

/// A page with every interactive core component.
#[derive(LiveView)]
struct Page {
    form: Form,
    saved: Vec<String>,
}

impl LiveView for Page {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Page {
            form: Form::new("contact"),
            saved: Vec::new(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "notify" => assigns.put_flash("info", "Saved a while ago"),
            "fail" => assigns.put_flash("error", "Something failed"),
            "validate" => assigns.set_form(check(event).to_form()),
            "save" => match check(event).apply() {
                Ok(contact) => {
                    assigns.update_saved(|saved| saved.push(contact.name));
                    assigns.set_form(Form::new("contact"));
                    assigns.put_flash("info", "Contact saved");
                }
                Err(invalid) => assigns.set_form(invalid.to_form()),
            },
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <.flash_group flash={assigns.flash()} autohide={1200}/>
            <.header>
                Components
                <:actions>
                    <.button id="notify" type="button" phx-click="notify">Notify</.button>
                    <.button id="fail" type="button" variant="danger" phx-click="fail">Fail</.button>
                    <.button id="open" type="button" variant="secondary" phx-click={show_modal("dialog")}>New contact</.button>
                </:actions>
            </.header>
            <ul id="saved"><li :for={name in @saved.iter()}>{name}</li></ul>
            <.modal id="dialog" title="New contact">
                <.simple_form for={&@form} phx-change="validate" phx-submit="save">
                    <.input field={@form.field("name")} label="Name"/>
                    <.input field={@form.field("email")} type="email" label="Email" help="We never share it"/>
                    <:actions><.button id="save">Save</.button></:actions>
                </.simple_form>
            </.modal>
        }
    }
}

async fn spawn() -> SocketAddr {
    let config = Config::new("test secret: at least thirty-two bytes long!!");
    let server = Server::with_config(Router::new().live::<Page>("/"), config)
        .bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = server.local_addr().expect("bound address");
    tokio::spawn(server.serve());
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modal_flash_and_form_in_chromium() {
    let addr = spawn().await;
    let url = format!("http://{addr}/");
    let output = tokio::task::spawn_blocking(move || {
        run_node("tests/js/browser_core_components.mjs", &[url.as_str()], "")
    })
    .await
    .expect("the driver ran");
    println!("{output}");
    assert!(output.contains("PASS"), "driver output: {output}");
}
