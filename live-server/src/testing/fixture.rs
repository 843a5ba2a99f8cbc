//! A small app for the examples of this module's documentation (not part of the API).

use std::time::Duration;

use live_core::{
    html, Assigns, AsyncOutcome, Event, LiveView, Params, Rendered, Session, Socket, ViewError,
};
use serde_json::Value;

use live_core::upload::live_file_input;

use crate::router::on_mount::{Halt, MountContext};
use crate::Router;

/// The demo's messages.
#[derive(Debug, Clone)]
pub enum DemoMsg {
    /// Sets the count.
    Set(i64),
    /// The one-second timer.
    Tick,
}

/// A view with one of everything the harness drives.
#[derive(LiveView)]
pub struct Demo {
    count: i64,
    tab: String,
    typing: String,
    greeting: String,
    ticks: u64,
    loaded: String,
    focused: bool,
}

fn form_field(form: &str, name: &str) -> String {
    crate::router::query_pairs(form)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
        .unwrap_or_default()
}

fn focus_text(focused: bool) -> &'static str {
    if focused {
        "Focused"
    } else {
        ""
    }
}

impl LiveView for Demo {
    type Info = DemoMsg;

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.send_interval(Duration::from_secs(1), DemoMsg::Tick);
        socket.set_page_title("Demo");
        Ok(Demo {
            count: 0,
            tab: "1".to_owned(),
            typing: String::new(),
            greeting: String::new(),
            ticks: 0,
            loaded: String::new(),
            focused: false,
        })
    }

    fn handle_params(
        assigns: &mut Assigns<Self>,
        params: &Params,
        _: &str,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.set_tab(params.get("tab").unwrap_or("1").to_owned());
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let form = event.value().as_str().unwrap_or("");
        match event.name() {
            "inc" => {
                let by = event.value()["by"]
                    .as_str()
                    .and_then(|by| by.parse().ok())
                    .unwrap_or(1);
                assigns.update_count(|count| *count += by);
            }
            "key" if event.value()["key"] == "ArrowUp" => assigns.update_count(|c| *c += 1),
            "leave" => {
                assigns.put_flash("info", "Bye");
                socket.push_navigate("/about");
            }
            "ping" => socket.push_event("pong", serde_json::json!({"count": assigns.count})),
            "load" => {
                assigns.set_loaded("Loading…".to_owned());
                socket.start_async("load", async { Ok::<_, String>(42u32) });
            }
            "moved" => {
                if let Value::Object(map) = event.value() {
                    socket.reply(map.clone());
                }
            }
            "validate" => assigns.set_typing(form_field(form, "name")),
            "greet" => assigns.set_greeting(format!("Hello, {}!", form_field(form, "name"))),
            "focused" => assigns.set_focused(true),
            "cleared" => assigns.set_typing(String::new()),
            _ => {}
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        message: DemoMsg,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match message {
            DemoMsg::Set(count) => assigns.set_count(count),
            DemoMsg::Tick => assigns.update_ticks(|t| *t += 1),
        }
        Ok(())
    }

    fn handle_async(
        assigns: &mut Assigns<Self>,
        _: &str,
        outcome: AsyncOutcome,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let loaded = outcome.into_result::<u32>()?;
        assigns.set_loaded(format!("Loaded {loaded}"));
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="demo">
                <h1>Count: <span id="count">{@count}</span></h1>
                <button id="inc" phx-click="inc" phx-value-by="1">+</button>
                <div id="keys" phx-keydown="key">Keys</div>
                <button id="leave" phx-click="leave">About</button>
                <button id="ping" phx-click="ping">Ping</button>
                <button id="load" phx-click="load">Load</button>
                <p id="loaded">{@loaded}</p>
                <p>Ticks: {@ticks}</p>
                <a id="tab" href="/?tab=2" data-phx-link="patch" data-phx-link-state="push">Tab 2</a>
                <p id="tab-shown">Tab {@tab}</p>
                <div id="map" phx-hook="Map"></div>
                <form id="greet" phx-change="validate" phx-submit="greet">
                    <input id="name" name="name" value="" phx-blur="blurred" phx-focus="focused" phx-keyup="cleared" phx-key="Escape">
                    <select name="mood"><option value="calm">Calm</option><option value="glad">Glad</option></select>
                    <button id="shout" name="loud" value="yes">Shout</button>
                </form>
                <p>Typing: {@typing}</p>
                <p id="greeting">{@greeting}</p>
                <p id="focus">{focus_text(@focused)}</p>
            </div>
        }
    }
}

/// Where `leave` goes; shows the flash it brought.
#[derive(LiveView)]
pub struct About {}

impl LiveView for About {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(About {})
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        let info = assigns.flash().get("info").unwrap_or("").to_owned();
        html! { <div id="about"><h1>About</h1><p id="flash">{info}</p></div> }
    }
}

/// Only for users: greets the session's `user`.
#[derive(LiveView)]
pub struct Private {
    user: String,
}

impl LiveView for Private {
    type Info = ();

    fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        let user = session.get("user").and_then(Value::as_str).unwrap_or("");
        Ok(Private {
            user: user.to_owned(),
        })
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p id="hello">Hello, {@user}</p> }
    }
}

fn require_user(ctx: &mut MountContext<'_>) -> Result<(), Halt> {
    match ctx.session.get("user") {
        Some(_) => Ok(()),
        None => Err(Halt::redirect("/").with_flash("error", "Log in first")),
    }
}

/// `/` [`Demo`], `/about` [`About`], and `/private` [`Private`] behind an `on_mount` hook.
pub fn router() -> Router {
    Router::new()
        .live::<Demo>("/")
        .live::<About>("/about")
        .live::<NestedPage>("/nested")
        .live::<AvatarPage>("/upload")
        .live_session("users", |r| {
            r.on_mount(require_user).live::<Private>("/private")
        })
}

/// A page rendering the child view [`FixtureClock`].
#[derive(LiveView)]
pub struct NestedPage {
    ticks: u64,
}

impl LiveView for NestedPage {
    type Info = u64;

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(NestedPage { ticks: 0 })
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        ticks: u64,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.set_ticks(ticks);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div>
                <p>The clock ticked {@ticks} time(s)</p>
                {live_core::live_render::<FixtureClock>("fixture-clock")}
            </div>
        }
    }
}

/// A child view: counts its ticks and tells its parent.
#[derive(LiveView)]
pub struct FixtureClock {
    ticks: u64,
}

impl LiveView for FixtureClock {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(FixtureClock { ticks: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        _: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_ticks(|t| *t += 1);
        if let Some(parent) = socket.parent::<NestedPage>() {
            parent.send(assigns.ticks);
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p>Ticks: {@ticks} <button id="tick" phx-click="tick">Tick</button></p> }
    }
}

/// An avatar upload: its entries with their progress, and the files the submit saved.
#[derive(LiveView)]
pub struct AvatarPage {
    avatar: live_core::Upload,
    saved: Vec<String>,
}

impl LiveView for AvatarPage {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let options = live_core::UploadOptions::new()
            .accept([".png", ".jpg"])
            .max_file_size(10_000)
            .chunk_size(1_000);
        Ok(AvatarPage {
            avatar: socket.allow_upload("avatar", options),
            saved: Vec::new(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() == "save" {
            let saved = assigns
                .avatar_mut()
                .consume_uploaded_entries(|path, entry| {
                    let bytes = std::fs::metadata(path)?.len();
                    Ok(format!("saved {} ({bytes} bytes)", entry.client_name()))
                })?;
            assigns.saved_mut().extend(saved);
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <form id="avatar-form" phx-change="validate" phx-submit="save">
                <.live_file_input upload={&@avatar}/>
                <p :for={entry in @avatar.entries()} class="entry">{entry.client_name()}: {entry.progress()}%</p>
                <p :for={entry in @avatar.entries()} class="errors">{entry.errors().iter().map(|e| e.code()).collect::<Vec<_>>().join(" ")}</p>
                <p :for={line in @saved.iter()}>{line}</p>
            </form>
        }
    }
}
