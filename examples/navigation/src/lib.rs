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
//! assert!(html.contains(r#"<section id="content"><h2>Two</h2>"#), "{html}");
//!
//! // "Next tab" patches the URL from the server; handle_params then shows tab 3.
//! let next = Event::new("click", "next", serde_json::json!({"value": ""}));
//! let navigation = view.handle_event(&next)?.navigation;
//! assert_eq!(navigation, Some(Navigation::Patch { to: "/?tab=3".into(), replace: false }));
//!
//! // Navigation between the demo's routes follows the live sessions.
//! let router = navigation::router();
//! let session_of = |path| router.find(path).expect("routed").0.live_session().to_owned();
//! assert_eq!(session_of("/"), session_of("/about"));
//! assert_ne!(session_of("/"), session_of("/admin"));
//! # Ok::<(), live_core::ViewError>(())
//! ```

use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
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
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="tabs">
                <h1>Navigation</h1>
                <nav>
                    <a id="tab-1" href="/?tab=1" data-phx-link="patch" data-phx-link-state="push" class={active(1, @tab)}>One</a>
                    <a id="tab-2" href="/?tab=2" data-phx-link="patch" data-phx-link-state="push" class={active(2, @tab)}>Two</a>
                    <a id="tab-3" href="/?tab=3" data-phx-link="patch" data-phx-link-state="push" class={active(3, @tab)}>Three</a>
                </nav>
                <section id="content"><h2>{tab_title(@tab)}</h2><p>{tab_text(@tab)}</p></section>
                <p>handle_params ran <span id="params-calls">{@params_calls}</span> times in this view.</p>
                <p>
                    <button id="next" phx-click="next">Next tab</button>
                    <button id="push-about" phx-click="about">About, from the server</button>
                </p>
                <p><a id="to-about" href="/about" data-phx-link="redirect" data-phx-link-state="push">About</a> is in the same live session: no page load.</p>
                <p><a id="to-admin" href="/admin" data-phx-link="redirect" data-phx-link-state="push">Admin</a> is in another live session: a full page load.</p>
            </div>
        }
    }
}

/// `Some("active")` for the selected tab's link.
fn active(tab: u8, selected: u8) -> Option<&'static str> {
    (tab == selected).then_some("active")
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
                <p><a id="to-tabs" href="/?tab=2" data-phx-link="redirect" data-phx-link-state="push">Back to tab two</a></p>
                <p><button id="push-home" phx-click="home">Tab two, from the server</button></p>
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
                <p><a id="to-tabs" href="/" data-phx-link="redirect" data-phx-link-state="push">Back to the tabs</a> (a full page load again).</p>
            </div>
        }
    }
}

/// The demo's routes: [`Tabs`] at `/` and [`About`] at `/about` in the live session `"app"`,
/// [`Admin`] at `/admin` in the live session `"admin"`.
pub fn router() -> Router {
    Router::new()
        .live_session("app", |r| r.live::<Tabs>("/").live::<About>("/about"))
        .live_session("admin", |r| r.live::<Admin>("/admin"))
}
