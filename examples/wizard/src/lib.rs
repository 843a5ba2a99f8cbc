//! The wizard demo: a sign-up in three steps whose step and answers are in no URL and no form,
//! yet survive a reconnect and a restart of the server.
//!
//! - The events are an enum (`#[derive(LiveEvent)]`), so every `phx-click` / `phx-submit` of
//!   the template is checked against it when the crate compiles, and `handle_event` matches
//!   on typed values with their params decoded.
//! - The view is `#[live(persist)]`: after each event its state is written to the configured
//!   snapshot store (here a [`FileStore`](live_server::persist::FileStore)), and a client
//!   joining again with the same page is restored instead of starting over.
//!
//! ```
//! use live_core::{runtime::ViewRuntime, Event, Params, Session};
//! let mut view = ViewRuntime::<wizard::Wizard>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! view.handle_event(&Event::form("save_name", "name=Ada"))?;
//! view.handle_event(&Event::new("click", "choose_plan", serde_json::json!({"plan": "pro"})))?;
//! assert_eq!(view.snapshot().unwrap().unwrap(), r#"{"step":3,"name":"Ada","plan":"pro"}"#);
//!
//! // A new join carrying that snapshot is back at step 3.
//! let mut session = Session::default();
//! session.set_snapshot(view.snapshot().and_then(Result::ok));
//! let mut again = ViewRuntime::<wizard::Wizard>::mount("phx-1", &Params::default(), &session, None)?;
//! assert!(again.render_html().contains(r#"<span id="step">3</span>"#));
//! # Ok::<(), live_core::ViewError>(())
//! ```

use std::path::Path;
use std::time::Duration;

use live_core::components::header;
use live_core::{
    html, Assigns, Event, LiveEvent, LiveView, Params, Rendered, Session, Socket, ViewError,
};
use live_server::persist::FileStore;
use live_server::{Config, Router};
use serde::{Deserialize, Serialize};

/// The wizard's events: each variant is one `phx-*` binding of the template.
#[derive(LiveEvent, Debug, PartialEq)]
pub enum Msg {
    /// Step 1's form: `<input name="name">`.
    SaveName {
        /// The name typed.
        name: String,
    },
    /// Step 2's buttons, `phx-value-plan="…"`.
    ChoosePlan {
        /// `free` or `pro`.
        plan: String,
    },
    /// One step back.
    Back,
    /// Step 3: done.
    Confirm,
    /// Start over.
    #[live(name = "start-over")]
    StartOver,
}

/// The wizard's state: kept in the snapshot store after every event.
#[derive(LiveView, Serialize, Deserialize)]
#[live(events = Msg, persist)]
pub struct Wizard {
    /// 1: name, 2: plan, 3: confirm, 4: done.
    step: u8,
    name: String,
    plan: String,
}

impl LiveView for Wizard {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Wizard {
            step: 1,
            name: String::new(),
            plan: String::new(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.decode::<Msg>()? {
            Msg::SaveName { name } => {
                let name = name.trim();
                if !name.is_empty() {
                    assigns.set_name(name.chars().take(80).collect());
                    assigns.set_step(2);
                }
            }
            Msg::ChoosePlan { plan } => {
                if plan == "free" || plan == "pro" {
                    assigns.set_plan(plan);
                    assigns.set_step(3);
                }
            }
            Msg::Back => {
                let step = assigns.step;
                assigns.set_step(step.saturating_sub(1).max(1));
            }
            Msg::Confirm => assigns.set_step(4),
            Msg::StartOver => {
                assigns.set_step(1);
                assigns.set_name(String::new());
                assigns.set_plan(String::new());
            }
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="wizard" class="card">
                <.header>
                    Sign up
                    <:subtitle>Step <span id="step">{@step}</span> of 3: your answers survive a server restart.</:subtitle>
                </.header>
                <ol class="progress" aria-hidden="true">
                    <li class={(@step >= 1).then_some("done")}></li>
                    <li class={(@step >= 2).then_some("done")}></li>
                    <li class={(@step >= 3).then_some("done")}></li>
                </ol>
                {match @step {
                    1 => {
                        <form id="name-form" class="simple-form" phx-submit="save_name">
                            <div class="field">
                                <label for="name">Your name</label>
                                <input id="name" name="name" autocomplete="name" value={@name}/>
                            </div>
                            <div class="actions"><button id="next" type="submit" class="btn btn-primary">Next</button></div>
                        </form>
                    },
                    2 => {
                        <p>"Hello, " <b id="hello">{@name}</b>". Choose a plan:"</p>
                        <div class="actions">
                            <button id="free" class="btn btn-secondary" phx-click="choose_plan" phx-value-plan="free">Free</button>
                            <button id="pro" class="btn btn-primary" phx-click="choose_plan" phx-value-plan="pro">Pro</button>
                            <button id="back" class="btn btn-ghost" phx-click="back">Back</button>
                        </div>
                    },
                    3 => {
                        <p id="summary">{@name}", plan "{@plan}</p>
                        <div class="actions">
                            <button id="confirm" class="btn btn-primary" phx-click="confirm">Confirm</button>
                            <button id="back" class="btn btn-ghost" phx-click="back">Back</button>
                        </div>
                    },
                    _ => {
                        <p id="done" class="notice">"Welcome aboard, "{@name}"!"</p>
                        <div class="actions"><button id="start-over" class="btn btn-secondary" phx-click="start-over">Start over</button></div>
                    },
                }}
            </div>
        }
    }
}

/// The demo's routes: the wizard at `/`.
pub fn router() -> Router {
    Router::new().live::<Wizard>("/")
}

/// `config` with the wizard's snapshots in `dir`, kept for a day.
pub fn config(config: Config, dir: &Path) -> std::io::Result<Config> {
    Ok(config.snapshot_store(FileStore::new(dir, Duration::from_secs(24 * 3600))?))
}
