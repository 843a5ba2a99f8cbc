//! The forms demo: a sign-up form validated live.
//!
//! - **Live validation**: every keystroke sends `phx-change="validate"`; the view casts the
//!   params into [`SignupForm`] with a [`Changeset`] and renders the errors, but only on
//!   fields the user touched (the client marks the others `_unused_`).
//! - **A slow submit**: `phx-submit="save"` validates everything. A valid form starts the
//!   "save", which takes [`SAVE_DELAY_MS`] (a `send_after` continuation standing in for a
//!   database), renders the button disabled as "Saving…" (the same text its
//!   `phx-disable-with` shows while the client waits for the reply), then puts a flash and
//!   live-navigates to [`Welcome`] in the same live session.
//! - **`phx-trigger-action`**: with "Keep me signed in" checked, a valid submit instead
//!   renders the form with `phx-trigger-action`; the client then submits it over HTTP to the
//!   plain route `POST /session`, which validates again, stores the user in the signed session
//!   cookie (only an HTTP response can set a cookie) and redirects to [`Welcome`].
//! - **Form recovery**: the form has an id and `phx-change`, so after a reconnect (a server
//!   restart) the client re-sends it as a `validate` event and the view rebuilds its state
//!   from it.
//!
//! The HTTP submit needs a CSRF token in the form. A live view cannot read the page's token,
//! so the live session's `on_mount` hook [`ensure_csrf_token`] sends a first visit through
//! `GET /csrf`, which stores a token in the session, where [`Signup`] finds it.
//!
//! ```
//! use live_core::runtime::ViewRuntime;
//! use live_core::{Event, Params, Session};
//! use signup::Signup;
//!
//! let mut view = ViewRuntime::<Signup>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! // The user typed "ada" in the email field; nothing else was touched.
//! let change = Event::form("validate", "user%5B_unused_name%5D=&user%5Bname%5D=&user%5Bemail%5D=ada")
//!     .with_meta(serde_json::json!({"_target": "user[email]"}));
//! view.handle_event(&change)?;
//! let html = view.render_html();
//! assert!(html.contains("must have the @ sign and no spaces"), "{html}");
//! assert!(!html.contains("can&#39;t be blank"), "the name was not touched: {html}");
//! # Ok::<(), live_core::ViewError>(())
//! ```

use std::time::Duration;

use live_core::components::header;
use live_core::form::{form, input, Changeset, EventParams, Form};
use live_core::link::link;
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::handler::{Request, Response};
use live_server::on_mount::{Halt, MountContext};
use live_server::Router;
use serde::Deserialize;
use serde_json::{Map, Value};

/// How long a valid sign-up takes to "save", in milliseconds.
pub const SAVE_DELAY_MS: u64 = 700;

/// The sign-up form, as typed: the fields of `user[…]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct SignupForm {
    /// The display name, 2 to 40 characters.
    pub name: String,
    /// An email address.
    pub email: String,
    /// The age, optional, 13 to 130.
    pub age: Option<u8>,
    /// At least 8 characters.
    pub password: String,
    /// The password again.
    pub password_confirmation: String,
    /// The terms checkbox: must be checked.
    pub terms: bool,
    /// "Keep me signed in": sign in over HTTP (`phx-trigger-action`) after saving.
    pub remember: bool,
}

/// Casts and validates the form named `user` in `params`: the rules of the demo.
///
/// ```
/// let params = live_core::form::EventParams::from_form("user[name]=A&user[email]=a%40b.c")?;
/// let checked = signup::changeset(&params);
/// assert_eq!(checked.errors_on("name").collect::<Vec<_>>(), ["should be at least 2 character(s)"]);
/// assert_eq!(checked.errors_on("terms").collect::<Vec<_>>(), ["must be accepted"]);
/// # Ok::<(), live_core::form::DecodeError>(())
/// ```
pub fn changeset(params: &EventParams) -> Changeset<SignupForm> {
    Changeset::cast(params, "user")
        .required(&["name", "email", "password"])
        .length("name", 2..=40)
        .format(
            "email",
            |email| email.contains('@') && !email.contains(char::is_whitespace),
            "must have the @ sign and no spaces",
        )
        .number("age", 13..=130)
        .length("password", 8..=72)
        .confirmation("password")
        .acceptance("terms")
}

/// A user whose sign-up was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// The display name.
    pub name: String,
    /// The email address.
    pub email: String,
}

/// Messages of [`Signup`].
#[derive(Debug)]
pub enum Info {
    /// The save started by a valid submit is done.
    Saved(NewUser),
}

/// The sign-up page.
#[derive(LiveView)]
pub struct Signup {
    /// The form as last sent, with its errors.
    form: Form,
    /// A valid submit is being saved.
    saving: bool,
    /// Submit the form over HTTP now (`phx-trigger-action`).
    trigger: bool,
    /// The CSRF token for that HTTP submit (from the session, see [`ensure_csrf_token`]).
    csrf_token: Option<String>,
}

impl LiveView for Signup {
    type Info = Info;

    fn mount(_: &Params, session: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.set_page_title("Sign up");
        let csrf_token = session
            .get("csrf_token")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(Signup {
            form: Form::new("user"),
            saving: false,
            trigger: false,
            csrf_token,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if assigns.saving || assigns.trigger {
            return Ok(());
        }
        match event.name() {
            "validate" => assigns.set_form(changeset(event.params()).to_form()),
            "save" => {
                let checked = changeset(event.params());
                let form = checked.to_form();
                match checked.apply() {
                    Ok(signup) if signup.remember => assigns.set_trigger(true),
                    Ok(signup) => {
                        assigns.set_saving(true);
                        let user = NewUser {
                            name: signup.name,
                            email: signup.email,
                        };
                        socket.send_after(Duration::from_millis(SAVE_DELAY_MS), Info::Saved(user));
                    }
                    Err(_) => {}
                }
                assigns.set_form(form);
            }
            _ => {}
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        message: Info,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let Info::Saved(user) = message;
        assigns.put_flash("info", format!("Welcome aboard, {}!", user.name));
        socket.push_navigate("/welcome");
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main id="signup-page">
                <.header>Create your account<:subtitle>Checked as you type; a field shows its errors once you have touched it.</:subtitle></.header>
                <p :if={let Some(error) = assigns.flash().get("error")} id="flash-error" class="notice error" role="alert">{error}</p>
                <.form for={&@form} id="signup" class="simple-form card" phx-change="validate" phx-submit="save" action="/session" csrf_token={@csrf_token.clone()} phx-trigger-action={@trigger}>
                    <.input field={@form.field("name")} label="Name" autocomplete="name"/>
                    <.input field={@form.field("email")} type="email" label="Email" autocomplete="email"/>
                    <.input field={@form.field("age")} type="number" label="Age (optional)"/>
                    <.input field={@form.field("password")} type="password" label="Password" autocomplete="new-password" help="At least 8 characters"/>
                    <.input field={@form.field("password_confirmation")} type="password" label="Password, again" autocomplete="new-password"/>
                    <.input field={@form.field("terms")} type="checkbox" label="I accept the terms"/>
                    <.input field={@form.field("remember")} type="checkbox" label="Keep me signed in on this device"/>
                    <div class="actions">
                        <button id="save" type="submit" class="btn btn-primary" phx-disable-with="Saving…" disabled={@saving}>{(if @saving { "Saving…" } else { "Sign up" })}</button>
                        <span id="greeting" class="muted">{greeting(&@form)}</span>
                    </div>
                </.form>
            </main>
        }
    }
}

/// "Hello, Ada!" once the name is valid, to show the server follows along.
fn greeting(form: &Form) -> String {
    let name = form.field("name");
    if name.value().trim().is_empty() || !name.errors().is_empty() {
        String::new()
    } else {
        format!("Hello, {}!", name.value().trim())
    }
}

/// The page after signing up, in the same live session as [`Signup`].
#[derive(LiveView)]
pub struct Welcome {
    /// The user signed in through `POST /session`, if any.
    user: Option<String>,
}

impl LiveView for Welcome {
    type Info = ();

    fn mount(_: &Params, session: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.set_page_title("Welcome");
        let user = session
            .get("user")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(Welcome { user })
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main id="welcome">
                <p id="flash" class="notice" role="status">{assigns.flash().get("info").unwrap_or("")}</p>
                <div class="card">
                    <h1>Welcome!</h1>
                    <p :if={let Some(user) = &@user}>Signed in as <b id="user">{user}</b>.</p>
                    <p><.link id="again" navigate="/">Sign up someone else</.link></p>
                </div>
            </main>
        }
    }
}

/// `on_mount` of the live session: makes sure the session holds a CSRF token for the form's
/// HTTP submit, by sending a first visit through `GET /csrf`.
pub fn ensure_csrf_token(ctx: &mut MountContext<'_>) -> Result<(), Halt> {
    if ctx.session.get("csrf_token").is_some() || ctx.connected {
        return Ok(());
    }
    let path = path_of(ctx.uri);
    Err(Halt::redirect(format!(
        "/csrf?return_to={}",
        percent_encode(path)
    )))
}

/// The path and query of an absolute URL (`http://host/a?b` → `/a?b`).
fn path_of(uri: &str) -> &str {
    let after_scheme = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/", |slash| &after_scheme[slash..])
}

/// Percent-encodes everything but unreserved characters and `/`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `GET /csrf?return_to=/path`: stores a CSRF token in the session, then goes back.
fn store_csrf_token(req: &mut Request) -> Response {
    let back = req
        .param("return_to")
        .filter(|to| to.starts_with('/') && !to.starts_with("//"))
        .unwrap_or("/")
        .to_owned();
    let token = req.csrf_token().to_owned();
    req.session_mut().insert("csrf_token", token);
    Response::redirect(back)
}

/// `POST /session`, the target of the form's `phx-trigger-action`: validates the sign-up
/// again (anyone can post here), stores the user in the session cookie and goes to
/// [`Welcome`].
fn create_session(req: &mut Request) -> Response {
    // The plain route's params are flat (`user[name]` → "Ada", last value wins): gather the
    // form's fields back under `user`.
    let mut fields = Map::new();
    for (key, value) in req.params().iter() {
        if let Some(field) = key.strip_prefix("user[").and_then(|k| k.strip_suffix(']')) {
            fields.insert(field.to_owned(), Value::String(value.to_owned()));
        }
    }
    let mut params = Map::new();
    params.insert("user".to_owned(), Value::Object(fields));
    match changeset(&EventParams::new(Value::Object(params))).apply() {
        Ok(signup) => {
            let message = format!("Welcome aboard, {}! You stay signed in.", signup.name);
            req.session_mut().insert("user", signup.name);
            Response::redirect("/welcome").with_flash("info", message)
        }
        Err(_) => {
            Response::redirect("/").with_flash("error", "Please check the form and try again")
        }
    }
}

/// The demo's routes: [`Signup`] at `/` and [`Welcome`] at `/welcome` in the live session
/// `"app"` (guarded by [`ensure_csrf_token`]), `GET /csrf` and `POST /session`.
///
/// ```
/// let router = signup::router();
/// let session_of = |path| router.find(path).expect("routed").route().live_session().to_owned();
/// assert_eq!(session_of("/"), session_of("/welcome"));
/// ```
pub fn router() -> Router {
    Router::new()
        .live_session("app", |r| {
            r.on_mount(ensure_csrf_token)
                .live::<Signup>("/")
                .live::<Welcome>("/welcome")
        })
        .get("/csrf", store_csrf_token)
        .post("/session", create_session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_encoding() {
        assert_eq!(path_of("http://localhost:4000/a?b=1"), "/a?b=1");
        assert_eq!(path_of("http://localhost:4000"), "/");
        assert_eq!(percent_encode("/a?b=1&c"), "/a%3Fb%3D1%26c");
    }
}
