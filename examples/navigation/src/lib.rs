//! The navigation demo: the three ways a LiveView app moves between URLs.
//!
//! - **Patch** (same view, new URL): the tab links of [`Tabs`] are patch links to `/?tab=N`;
//!   the client sends `live_patch`, [`handle_params`](LiveView::handle_params) reads the new
//!   `tab` and only the changed content is sent. The "Next tab" button does the same from the
//!   server with `push_patch`. Back/forward replays the patches.
//! - **Navigate** (another view of the same live session): [`Tabs`] and [`About`] are in the
//!   live session `"app"`; links between them swap the view over the same WebSocket, without a
//!   page load.
//! - **Across live sessions**: [`Admin`] is in the live session `"admin"`. A navigate link to it
//!   is refused by the server at the join, so the client loads the page over HTTP.
//!
//! ```
//! use live_core::runtime::ViewRuntime;
//! use live_core::socket::Navigation;
//! use live_core::{Event, Params, Session};
//! use navigation::Tabs;
//!
//! let mut params = Params::default();
//! params.insert("tab", "2");
//! let mut view = ViewRuntime::<Tabs>::mount("phx-1", &params, &Session::default(), None)?;
//! view.handle_params(&params, "http://localhost:4000/?tab=2")?;
//! let html = view.render_html();
//! assert!(html.contains(r#"<section id="content" class="card"><h2>Two</h2>"#), "{html}");
//!
//! // "Next tab" patches the URL from the server; handle_params then shows tab 3.
//! let next = Event::new("click", "next", serde_json::json!({"value": ""}));
//! let navigation = view.handle_event(&next)?.navigation;
//! assert_eq!(navigation, Some(Navigation::Patch { to: "/?tab=3".into(), replace: false }));
//!
//! // Navigation between the demo's routes follows the live sessions.
//! let router = navigation::router();
//! let session_of = |path| router.find(path).expect("routed").route().live_session().to_owned();
//! assert_eq!(session_of("/"), session_of("/about"));
//! assert_ne!(session_of("/"), session_of("/admin"));
//! # Ok::<(), live_core::ViewError>(())
//! ```

use live_core::escape::escape_html_into;
use live_core::link::link;
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::handler::{Request, Response};
use live_server::on_mount::{Halt, MountContext};
use live_server::Router;

/// The number of tabs of [`Tabs`].
pub const TAB_COUNT: u8 = 3;

/// A view with tabs chosen by the `tab` query parameter.
#[derive(LiveView)]
pub struct Tabs {
    /// The selected tab, `1..=TAB_COUNT`.
    tab: u8,
    /// How many times `handle_params` ran in this view (mount included).
    params_calls: u32,
}

impl LiveView for Tabs {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        // The tab comes from the URL, in handle_params, which runs right after mount.
        Ok(Tabs {
            tab: 1,
            params_calls: 0,
        })
    }

    fn handle_params(
        assigns: &mut Assigns<Self>,
        params: &Params,
        _uri: &str,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let tab = params
            .get("tab")
            .and_then(|tab| tab.parse().ok())
            .filter(|tab| (1..=TAB_COUNT).contains(tab))
            .unwrap_or(1);
        assigns.set_tab(tab);
        assigns.update_params_calls(|n| *n += 1);
        socket.set_page_title(format!("Tab {tab}"));
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "next" => socket.push_patch(format!("/?tab={}", assigns.tab % TAB_COUNT + 1)),
            "about" => socket.push_navigate("/about"),
            "flash-redirect" => {
                assigns.put_flash("info", "Redirected with a flash");
                socket.redirect("/?tab=3");
            }
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="tabs">
                <h1>Navigation</h1>
                <p id="flash" class="notice" role="status">{assigns.flash().get("info").unwrap_or("")}</p>
                <nav class="nav">
                    <.link id="tab-1" patch="/?tab=1" class={active(1, @tab)}>One</.link>
                    <.link id="tab-2" patch="/?tab=2" class={active(2, @tab)}>Two</.link>
                    <.link id="tab-3" patch="/?tab=3" class={active(3, @tab)}>Three</.link>
                </nav>
                <section id="content" class="card"><h2>{tab_title(@tab)}</h2><p>{tab_text(@tab)}</p></section>
                <p class="muted">handle_params ran <span id="params-calls">{@params_calls}</span> times in this view.</p>
                <p class="row">
                    <button id="next" class="btn btn-primary" phx-click="next">Next tab</button>
                    <button id="push-about" class="btn btn-secondary" phx-click="about">About, from the server</button>
                    <button id="flash-redirect" class="btn btn-secondary" phx-click="flash-redirect">Redirect with a flash</button>
                </p>
                <p><.link id="to-about" navigate="/about">About</.link> is in the same live session: no page load.</p>
                <p><.link id="to-admin" navigate="/admin">Admin</.link> is in another live session: a full page load.</p>
                <p><.link id="to-account" navigate="/account">Your account</.link> needs a login (an on_mount gate).</p>
            </div>
        }
    }
}

/// `Some("active")` for the selected tab's link.
fn active(tab: u8, selected: u8) -> Option<String> {
    (tab == selected).then(|| "active".to_owned())
}

/// The heading of a tab.
pub fn tab_title(tab: u8) -> &'static str {
    match tab {
        1 => "One",
        2 => "Two",
        _ => "Three",
    }
}

fn tab_text(tab: u8) -> &'static str {
    match tab {
        1 => "The first tab. Patching only changes the URL and this content.",
        2 => "The second tab. Use the back button: the previous tab comes back.",
        _ => "The third tab. \"Next tab\" patches from the server with push_patch.",
    }
}

/// A second view of the live session `"app"`, reached by live navigation.
#[derive(LiveView)]
pub struct About {}

impl LiveView for About {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.set_page_title("About");
        Ok(About {})
    }

    fn handle_event(
        _: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() == "home" {
            socket.push_navigate("/?tab=2");
        }
        Ok(())
    }

    fn render(_: &Assigns<Self>) -> Rendered {
        html! {
            <div id="about">
                <h1>About</h1>
                <p>This view was reached by live navigation: same WebSocket, no page load.</p>
                <p><.link id="to-tabs" navigate="/?tab=2">Back to tab two</.link></p>
                <p><button id="push-home" class="btn btn-secondary" phx-click="home">Tab two, from the server</button></p>
            </div>
        }
    }
}

/// A view of another live session, `"admin"`: reaching it from `"app"` loads the page.
#[derive(LiveView)]
pub struct Admin {}

impl LiveView for Admin {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.set_page_title("Admin");
        Ok(Admin {})
    }

    fn render(_: &Assigns<Self>) -> Rendered {
        html! {
            <div id="admin">
                <h1>Admin</h1>
                <p>Another live session: this page was loaded over HTTP.</p>
                <p><.link id="to-tabs" navigate="/">Back to the tabs</.link> (a full page load again).</p>
            </div>
        }
    }
}

/// A view behind a login: the live session `"account"` requires a user in the session.
#[derive(LiveView)]
pub struct Account {
    user: String,
}

impl LiveView for Account {
    type Info = ();

    fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        let user = session
            .get("user")
            .and_then(|user| user.as_str())
            .unwrap_or_default()
            .to_owned();
        Ok(Account { user })
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="account">
                <p id="flash" class="notice" role="status">{assigns.flash().get("info").unwrap_or("")}</p>
                <h1>Hello, <span id="user">{@user}</span></h1>
                <p><a id="logout" class="btn btn-secondary" href="/logout">Log out</a></p>
            </div>
        }
    }
}

/// The `on_mount` gate of the live session `"account"`: a user must be in the session.
pub fn require_user(ctx: &mut MountContext<'_>) -> Result<(), Halt> {
    if ctx.session.get("user").is_some() {
        Ok(())
    } else {
        Err(Halt::redirect("/login").with_flash("error", "Please log in first"))
    }
}

/// The login page (a plain route): a form posting a name.
fn login_page(req: &mut Request) -> Response {
    let mut error = String::new();
    escape_html_into(&mut error, req.flash().get("error").unwrap_or(""));
    let mut token = String::new();
    escape_html_into(&mut token, req.csrf_token());
    Response::html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Log in</title>\
         <link rel=\"stylesheet\" href=\"/assets/live.css\"></head><body><main class=\"container\">\
         <h1>Log in</h1><p id=\"error\" class=\"error\">{error}</p>\
         <form id=\"login\" class=\"simple-form card\" method=\"post\" action=\"/login\">\
         <input type=\"hidden\" name=\"_csrf_token\" value=\"{token}\">\
         <div class=\"field\"><label for=\"name\">Name</label><input id=\"name\" name=\"name\" value=\"ada\"></div>\
         <div class=\"actions\"><button id=\"submit\" class=\"btn btn-primary\">Log in</button></div></form></main></body></html>"
    ))
}

/// Stores the user in the signed session cookie and goes to the account page.
fn login(req: &mut Request) -> Response {
    let name = req
        .param("name")
        .filter(|n| !n.trim().is_empty())
        .unwrap_or("guest")
        .to_owned();
    req.session_mut().insert("user", name);
    Response::redirect("/account").with_flash("info", "Welcome back")
}

/// Forgets the user.
fn logout(req: &mut Request) -> Response {
    let mut session = Session::default();
    std::mem::swap(req.session_mut(), &mut session);
    Response::redirect("/").with_flash("info", "Logged out")
}

/// The demo's routes: [`Tabs`] at `/` and [`About`] at `/about` in the live session `"app"`,
/// [`Admin`] at `/admin` in the live session `"admin"`, [`Account`] at `/account` behind the
/// [`require_user`] gate, and the plain login/logout routes.
pub fn router() -> Router {
    Router::new()
        .live_session("app", |r| r.live::<Tabs>("/").live::<About>("/about"))
        .live_session("admin", |r| r.live::<Admin>("/admin"))
        .live_session("account", |r| {
            r.on_mount(require_user).live::<Account>("/account")
        })
        .get("/login", login_page)
        .post("/login", login)
        .get("/logout", logout)
}
