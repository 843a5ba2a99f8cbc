//! The app of the Phoenix-parity tests (tests/parity.rs, tests/browser_parity.rs): page titles,
//! root layouts, on_mount assigns, live actions, connect params and connect info.

// Shared by two test binaries, each using part of it.
#![allow(dead_code)]

use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::on_mount::{Halt, MountContext};
use live_server::{Config, RequestInfo, RootLayout, Router};

/// A post page whose title comes from its params, in the first HTTP render and after events.
#[derive(LiveView)]
pub(crate) struct Titled {
    id: String,
}

impl LiveView for Titled {
    type Info = ();

    fn mount(params: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let id = params.get("id").unwrap_or("?").to_owned();
        socket.set_page_title(format!("Post {id}"));
        Ok(Titled { id })
    }

    fn handle_event(
        _: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() == "rename" {
            socket.set_page_title("Renamed");
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <h1 id="post">Post {@id}</h1>
            <button id="rename" phx-click="rename">Rename</button>
        }
    }
}

/// One view at three routes with a live action: the index with a modal form on `new`/`edit`.
#[derive(LiveView)]
pub(crate) struct Posts {
    /// Counts the clicks: a patch between the routes keeps the view (and this count).
    clicks: u32,
    editing: Option<String>,
}

impl LiveView for Posts {
    type Info = ();

    fn mount(params: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        let _ = params.live_action();
        Ok(Posts {
            clicks: 0,
            editing: None,
        })
    }

    fn handle_params(
        assigns: &mut Assigns<Self>,
        params: &Params,
        _: &str,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let editing = match params.live_action() {
            Some("edit") => params.get("id").map(str::to_owned),
            _ => None,
        };
        assigns.set_editing(editing);
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "click" => assigns.update_clicks(|c| *c += 1),
            "close" => socket.push_patch("/posts"),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <p id="action">{assigns.live_action().unwrap_or("none")}</p>
            <button id="click" phx-click="click">{@clicks}</button>
            <a id="new" href="/posts/new" data-phx-link="patch" data-phx-link-state="push">New</a>
            <a id="edit" href="/posts/7/edit" data-phx-link="patch" data-phx-link-state="push">Edit 7</a>
            <div :if={assigns.live_action() == Some("new") || assigns.live_action() == Some("edit")} id="modal">
                <h2>{if assigns.live_action() == Some("new") { "New post" } else { "Edit post" }}</h2>
                <p :if={assigns.editing.is_some()} id="editing">{assigns.editing.clone().unwrap_or_default()}</p>
                <button id="close" phx-click="close">Close</button>
            </div>
        }
    }
}

/// The user an `on_mount` hook loads once for the live session.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CurrentUser {
    pub(crate) name: String,
}

/// Reads the user the live session's hook assigned.
#[derive(LiveView)]
pub(crate) struct Me {
    name: String,
}

impl LiveView for Me {
    type Info = ();

    fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        let user = session
            .assigned::<CurrentUser>()
            .ok_or("the on_mount hook assigns the user")?;
        Ok(Me {
            name: user.name.clone(),
        })
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p id="me">{@name}</p> }
    }
}

/// Shows the connect params and connect info of its mount.
#[derive(LiveView)]
pub(crate) struct Whoami {
    tz: String,
    peer: String,
    agent: String,
    connected: bool,
}

impl LiveView for Whoami {
    type Info = ();

    fn mount(_: &Params, session: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let tz = session
            .connect_params()
            .and_then(|p| p.get("tz"))
            .and_then(|v| v.as_str())
            .unwrap_or("unknown");
        let info = session.connect_info::<RequestInfo>();
        Ok(Whoami {
            tz: tz.to_owned(),
            peer: info
                .and_then(RequestInfo::peer)
                .map_or("none".to_owned(), |p| p.to_string()),
            agent: info
                .and_then(RequestInfo::user_agent)
                .unwrap_or("none")
                .to_owned(),
            connected: socket.connected(),
        })
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <p id="tz">{@tz}</p>
            <p id="peer">{@peer}</p>
            <p id="agent">{@agent}</p>
            <p id="connected">{@connected}</p>
        }
    }
}

/// A view whose `handle_params` navigates, by its query: `?loop=n` patches to `n + 1` forever,
/// `?away` navigates to `/posts`, `?out` redirects to `/elsewhere`.
#[derive(LiveView)]
pub(crate) struct Looper {
    seen: u32,
}

impl LiveView for Looper {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Looper { seen: 0 })
    }

    fn handle_params(
        assigns: &mut Assigns<Self>,
        params: &Params,
        _: &str,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_seen(|s| *s += 1);
        if let Some(n) = params.get("loop").and_then(|n| n.parse::<u32>().ok()) {
            socket.push_patch(format!("/loop?loop={}", n + 1));
        } else if params.get("away").is_some() {
            socket.push_navigate("/posts");
        } else if params.get("out").is_some() {
            socket.redirect("/elsewhere");
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p id="seen">{@seen}</p> }
    }
}

/// A dialog rendered at the end of `<body>` through a portal, still updated by the view.
#[derive(LiveView)]
pub(crate) struct Dialog {
    open: bool,
    count: u32,
}

impl LiveView for Dialog {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Dialog {
            open: false,
            count: 0,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "open" => assigns.set_open(true),
            "close" => assigns.set_open(false),
            "inc" => assigns.update_count(|c| *c += 1),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        use live_core::portal::portal;
        html! {
            <button id="open" phx-click="open">Open</button>
            <p id="outside">{@count}</p>
            <div :if={@open} id="dialog-source">
                <.portal id="dialog-portal" target="body">
                    <div id="dialog" role="dialog">
                        <span id="dialog-count">{@count}</span>
                        <button id="dialog-inc" phx-click="inc">"+1"</button>
                        <button id="dialog-close" phx-click="close">Close</button>
                    </div>
                </.portal>
            </div>
        }
    }
}

/// A view with a colocated hook (a sibling file) and colocated styles.
#[derive(LiveView)]
pub(crate) struct Chart {
    drawn: bool,
}

impl LiveView for Chart {
    type Info = ();
    const HOOKS: &'static [(&'static str, &'static str)] =
        &[("Chart", include_str!("chart_hook.js"))];
    const STYLES: &'static str = "#chart { border-top: 7px solid rgb(1, 2, 3); }";

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Chart { drawn: false })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() == "drawn" {
            assigns.set_drawn(true);
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="chart" phx-hook="Chart" phx-update="ignore"></div>
            <p id="drawn">{@drawn}</p>
        }
    }
}

/// Loads the user from the session (`"user"`), or sends the browser to `/login`.
fn load_user(ctx: &mut MountContext<'_>) -> Result<(), Halt> {
    let name = ctx
        .session
        .get("user")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    match name {
        Some(name) => {
            ctx.assign(CurrentUser { name });
            Ok(())
        }
        None if ctx.params.get("guest").is_some() => {
            ctx.assign(CurrentUser {
                name: "guest".into(),
            });
            Ok(())
        }
        None => Err(Halt::redirect("/login").with_flash("error", "Please log in")),
    }
}

/// The admin live session's own document.
pub(crate) fn admin_layout() -> RootLayout {
    RootLayout::new(|page| {
        format!(
            "<!DOCTYPE html>\n<html lang=\"fr\" data-layout=\"admin\">\n<head>\n{}\n{}</head>\n<body class=\"admin\">\n<header id=\"admin-bar\">Admin</header>\n{}\n</body>\n</html>\n",
            page.title_tag(),
            page.head(),
            page.body()
        )
    })
}

/// The app-wide document.
pub(crate) fn app_layout() -> RootLayout {
    RootLayout::new(|page| {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\" data-layout=\"app\">\n<head>\n<meta charset=\"utf-8\">\n{}\n{}<style>body {{ font-family: sans-serif }}</style>\n</head>\n<body class=\"app\">\n{}\n</body>\n</html>\n",
            page.title_tag(),
            page.head(),
            page.body()
        )
    })
}

pub(crate) fn router() -> Router {
    Router::new()
        .live::<Titled>("/titled/:id")
        .live_action::<Posts>("/posts", "index")
        .live_action::<Posts>("/posts/new", "new")
        .live_action::<Posts>("/posts/:id/edit", "edit")
        .live::<Whoami>("/whoami")
        .live::<Looper>("/loop")
        .live::<Dialog>("/dialog")
        .live::<Chart>("/chart")
        .live_session("members", |r| r.on_mount(load_user).live::<Me>("/me"))
        .live_session("admin", |r| {
            r.root_layout(admin_layout())
                .on_mount(load_user)
                .live::<Me>("/admin/me")
        })
}

/// The test config with the title prefix and suffix the tests look for.
pub(crate) fn config() -> Config {
    live_tests::test_config()
        .title("Parity")
        .title_prefix("Acme · ")
        .title_suffix(" !")
        .live_socket_option("maxReloads", serde_json::json!(7))
}
