//! The protocol decisions of one joined view, written once and driven twice: by the server's
//! view task (over a WebSocket) and by the in-process test harness.
//!
//! A [`ViewChannel`] owns the mounted view. Each client message or view message goes in through
//! one method ([`join`](ViewChannel::join), [`on_push`](ViewChannel::on_push),
//! [`on_info`](ViewChannel::on_info), [`replaced`](ViewChannel::replaced)); what it decides comes
//! out through the [`ChannelDriver`]: frames for the client ([`Output`]), and the effects a
//! callback asked for (timers, PubSub, tasks) as [`socket::Command`]s for the driver's runtime.
//! The method returns a [`Step`]: go on, a refused request, or the end of the channel.
//!
//! What is decided here, so that the two drivers cannot drift apart: when a navigation is a
//! patch of this view (handle_params runs) or a departure (live redirect or page load, with the
//! flash), what a join replies when mount navigates, the order of frames when a view leaves
//! (pending diff, redirect, `phx_close`), when a diff is a reply and when a push, what a bad
//! event or a crash produces, how uploads are preflighted and their entries received
//! (docs/protocol-bindings.md §6). See docs/protocol.md §3 (join),
//! §5 (events and replies) and §6 (navigation).
//!
//! ```
//! use live_core::protocol::{ChannelDriver, JoinRequest, Output, Reply, Step, ViewChannel};
//! use live_core::runtime::{Mounter, ViewFactory};
//! use live_core::socket::Command;
//! use live_core::{html, Assigns, Event, Flash, LiveView, Params, Rendered, Session, Socket, ViewError};
//!
//! #[derive(LiveView)]
//! struct Counter { count: i64 }
//! impl LiveView for Counter {
//!     type Info = ();
//!     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Counter { count: 0 }) }
//!     fn handle_event(a: &mut Assigns<Self>, _: &Event, _: &mut Socket<Self>) -> Result<(), ViewError> {
//!         a.update_count(|c| *c += 1);
//!         Ok(())
//!     }
//!     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@count}</p> } }
//! }
//!
//! /// A driver that keeps the frames and ignores effects.
//! #[derive(Default)]
//! struct Frames(Vec<Output>);
//! impl ChannelDriver for Frames {
//!     fn patch_route(&self, _: &str) -> Option<(Params, String)> { None }
//!     fn flash_value(&self, _: &Flash) -> Option<serde_json::Value> { None }
//!     fn command(&mut self, _: Command) {}
//!     fn send(&mut self, output: Output) { self.0.push(output) }
//! }
//!
//! let mut frames = Frames::default();
//! let factory = Mounter::<Counter>::new();
//! let request = JoinRequest { reference: Some("1".into()), params: &Params::default(), url: None, flash: Flash::default() };
//! let (mut channel, step) = ViewChannel::join(|| factory.mount("phx-1", &Params::default(), &Session::default(), None), request, &mut frames)?;
//! assert!(matches!(step, Step::Continue));
//! let click = serde_json::json!({"type": "click", "event": "inc", "value": {}});
//! channel.on_push(Some("2".into()), "event", &click, &mut frames);
//! assert_eq!(frames.0[1], Output::Reply { reference: Some("2".into()), reply: Reply::Diff(Some(r#"{"0":"1"}"#.into())) });
//! # Ok::<(), ViewError>(())
//! ```

mod guard;
mod output;
mod upload;

use std::time::{Duration, Instant};

use serde_json::{Map, Value};

pub use guard::{guarded, panic_text};
pub use output::{NavigationKind, Output, Push, Reply};

use crate::runtime::AnyView;
use crate::socket::{self, AnyMessage, Commands, Navigation};
use crate::{Event, Flash, Params, TerminateReason, ViewError};

/// The client version whose wire format we speak, sent in join replies.
pub const LIVEVIEW_VERSION: &str = "1.2.12";

/// How many patches a view may chain (handle_params patching again) within one message before
/// it is stopped as a loop.
pub const MAX_CHAINED_PATCHES: usize = 16;

/// What a view's channel needs from whoever runs it: routing, the flash's wire form, a runtime
/// for the effects callbacks ask for, and a way to the client.
///
/// The server's view task implements it with tokio tasks and the WebSocket; the test harness
/// with a virtual clock and the client's merged tree. See the module docs for an example.
pub trait ChannelDriver {
    /// Where a patch to `to` (a path or URL) lands: `Some((params, absolute URL))` when it routes
    /// to this same view in the same live session, `None` when the client must navigate instead.
    fn patch_route(&self, to: &str) -> Option<(Params, String)>;

    /// The flash as it travels in a navigation payload (the server signs it; the harness shows
    /// it as JSON); `None` for an empty flash.
    fn flash_value(&self, flash: &Flash) -> Option<Value>;

    /// Carries out an effect a callback asked for (timer, subscription, broadcast, task).
    fn command(&mut self, command: socket::Command);

    /// Sends a frame to the client on the view's topic.
    fn send(&mut self, output: Output);

    /// The token an upload channel joins with to receive entry `entry_ref` of upload
    /// `upload_ref` of this view (docs/protocol-bindings.md §6.3). The server signs it; the
    /// default (for in-process drivers) is the two refs joined by `:`.
    fn upload_token(&mut self, upload_ref: &str, entry_ref: &str) -> String {
        format!("{upload_ref}:{entry_ref}")
    }

    /// A callback ran (for logs and metrics). The default does nothing.
    fn handled(&mut self, handled: &Handled<'_>) {
        let _ = handled;
    }
}

/// A view callback that ran, reported to [`ChannelDriver::handled`].
///
/// ```
/// use std::time::Duration;
/// use live_core::protocol::{Callback, Handled};
/// let handled = Handled { view: "Counter", callback: Callback::Event { name: "inc" }, elapsed: Duration::from_micros(3) };
/// assert_eq!(handled.callback.name(), "handle_event");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handled<'a> {
    /// The view's type name.
    pub view: &'static str,
    /// Which callback.
    pub callback: Callback<'a>,
    /// How long it took, rendering excluded.
    pub elapsed: Duration,
}

/// Which callback a [`Handled`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback<'a> {
    /// `mount` (connected), with `handle_params` for routed views.
    Mount,
    /// `handle_params` for a patch to `uri`.
    Params {
        /// The URL patched to.
        uri: &'a str,
    },
    /// `handle_event` for the event `name`.
    Event {
        /// The event's name.
        name: &'a str,
    },
    /// `handle_info` (timers, PubSub, handles, tasks).
    Info,
}

impl Callback<'_> {
    /// The callback's name as users know it (`mount`, `handle_params`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Callback::Mount => "mount",
            Callback::Params { .. } => "handle_params",
            Callback::Event { .. } => "handle_event",
            Callback::Info => "handle_info",
        }
    }
}

/// Where a view went when it navigated away.
#[derive(Debug, Clone, PartialEq)]
pub struct Departure {
    /// The target path or URL.
    pub to: String,
    /// Live redirect (with its history mode) or full page load.
    pub kind: NavigationKind,
    /// The flash the view handed on.
    pub flash: Flash,
}

/// A client request refused without harm to the view (it answered with an error reply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// An `event` payload that does not decode.
    Event(String),
    /// Event params that do not fit the view's types ([`ParamsError`](crate::ParamsError)).
    Params(String),
    /// A channel message that is malformed or unknown.
    Request(String),
    /// A message of another type than the view's `Info` (dropped; the view is unchanged).
    Message(String),
}

/// How a channel ended.
#[derive(Debug)]
pub enum End {
    /// The client left (`phx_leave`, answered by the connection itself so that the replies to
    /// several leaves keep their order).
    Left,
    /// A new join on the same topic replaced it.
    Replaced,
    /// The view navigated away (or the join was refused with a navigation).
    Navigated(Departure),
    /// A callback failed or panicked; the client got `phx_error` (or a failed join).
    Crashed(ViewError),
    /// The connection closed (or was dropped for not keeping up).
    Closed,
    /// The server is shutting down.
    Shutdown,
}

impl End {
    /// The reason `terminate` is called with; `None` after a crash (terminate does not run).
    pub fn terminate_reason(&self) -> Option<TerminateReason> {
        match self {
            End::Left => Some(TerminateReason::Leave),
            End::Replaced => Some(TerminateReason::Replaced),
            End::Navigated(_) => Some(TerminateReason::Navigated),
            End::Closed => Some(TerminateReason::Closed),
            End::Shutdown => Some(TerminateReason::Shutdown),
            End::Crashed(_) => None,
        }
    }
}

/// What the driver does after a message.
#[derive(Debug)]
pub enum Step {
    /// Keep the channel open.
    Continue,
    /// The request was refused (an error reply went out); the view is unchanged.
    Refused(Refusal),
    /// The channel is over: the driver releases its resources and calls
    /// [`ViewChannel::terminate`].
    Ended(End),
}

/// What a join carries besides the view to mount.
#[derive(Debug, Clone)]
pub struct JoinRequest<'a> {
    /// The `ref` of the `phx_join` frame, echoed by the reply.
    pub reference: Option<String>,
    /// The URL's params (given to `handle_params`).
    pub params: &'a Params,
    /// The page URL for routed views (`handle_params` runs); `None` for views without a route.
    pub url: Option<&'a str>,
    /// The flash the view starts with.
    pub flash: Flash,
}

/// A patch or departure decided by [`ViewChannel::follow`].
enum Followed {
    /// The view patched itself; `{"to", "kind"}` of the last patch.
    Patched(Value),
    /// The view leaves.
    Departed(Departure),
}

/// One joined view and its protocol state. See the module docs.
pub struct ViewChannel {
    view: Box<dyn AnyView>,
    url: Option<String>,
}

impl std::fmt::Debug for ViewChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewChannel")
            .field("view", &self.view.name())
            .field("url", &self.url)
            .finish()
    }
}

impl ViewChannel {
    /// Mounts the view (`mount`, then `handle_params` when `request.url` is set) and answers
    /// the join: the rendered tree, or a refusal when mount navigated away, or `join crashed`.
    ///
    /// `Err` when mount itself failed (the error reply is sent; there is no view to end).
    /// Otherwise the channel and its first step: [`Step::Ended`] when the join was refused by a
    /// navigation or crashed after mount, so the driver ends it as usual.
    pub fn join(
        mount: impl FnOnce() -> Result<Box<dyn AnyView>, ViewError>,
        request: JoinRequest<'_>,
        driver: &mut impl ChannelDriver,
    ) -> Result<(ViewChannel, Step), ViewError> {
        let JoinRequest {
            reference,
            params,
            url,
            flash,
        } = request;
        let started = Instant::now();
        let mounted = guarded(|| {
            let mut view = mount()?;
            view.set_flash(flash);
            let mut commands = view.take_commands();
            if let Some(url) = url {
                commands.extend(view.handle_params(params, url)?);
            }
            Ok((view, commands))
        });
        let (view, commands) = match mounted {
            Ok(mounted) => mounted,
            Err(err) => {
                driver.send(Output::Reply {
                    reference,
                    reply: Reply::Error("join crashed".into()),
                });
                return Err(err);
            }
        };
        driver.handled(&Handled {
            view: view.name(),
            callback: Callback::Mount,
            elapsed: started.elapsed(),
        });
        let mut channel = ViewChannel {
            view,
            url: url.map(str::to_owned),
        };
        let mut live_patch = None;
        for command in commands.commands {
            driver.command(command);
        }
        if let Some(navigation) = commands.navigation {
            match channel.follow(navigation, driver, 0) {
                Ok(Followed::Patched(patch)) => live_patch = Some(patch),
                // Where mount or handle_params sent the client instead: the join is refused
                // with it (docs/protocol.md §3.2).
                Ok(Followed::Departed(departure)) => {
                    let step = channel.refuse_join(reference, departure, driver);
                    return Ok((channel, step));
                }
                Err(err) => return Ok((channel, join_crashed(reference, err, driver))),
            }
        }
        let joined = channel.render_join();
        let navigation = channel.render_commands(driver);
        // A component mounted or updated by the join's render navigated: a departure refuses
        // the join as mount's would; a patch runs handle_params and its diff follows the reply.
        let mut patched_by_render = false;
        if let (Ok(_), Some(navigation)) = (&joined, navigation) {
            match channel.follow(navigation, driver, 0) {
                Ok(Followed::Patched(patch)) => {
                    live_patch = Some(patch);
                    patched_by_render = true;
                }
                Ok(Followed::Departed(departure)) => {
                    let step = channel.refuse_join(reference, departure, driver);
                    return Ok((channel, step));
                }
                Err(err) => return Ok((channel, join_crashed(reference, err, driver))),
            }
        }
        match joined {
            Ok(rendered) => {
                driver.send(Output::Reply {
                    reference,
                    reply: Reply::Joined {
                        rendered,
                        live_patch,
                    },
                });
                let step = if patched_by_render {
                    channel.settle(Ok(Commands::default()), None, driver)
                } else {
                    Step::Continue
                };
                Ok((channel, step))
            }
            Err(err) => Ok((channel, join_crashed(reference, err, driver))),
        }
    }

    /// Handles a client message on the view's topic other than join and leave: `event`,
    /// `live_patch`, `cids_will_destroy`, `cids_destroyed`. Every request gets a reply.
    pub fn on_push(
        &mut self,
        reference: Option<String>,
        event: &str,
        payload: &Value,
        driver: &mut impl ChannelDriver,
    ) -> Step {
        match event {
            "event" => self.on_event(reference, payload, driver),
            "live_patch" => self.on_live_patch(reference, payload, driver),
            "allow_upload" => self.on_allow_upload(reference, payload, driver),
            "progress" => self.on_progress(reference, payload, driver),
            "cids_will_destroy" | "cids_destroyed" => {
                let Some(cids) = cids_of(payload) else {
                    let reason = format!("{event}: \"cids\" must be a list of component ids");
                    driver.send(Output::Reply {
                        reference,
                        reply: Reply::Error(reason.clone()),
                    });
                    return Step::Refused(Refusal::Request(reason));
                };
                let reply = if event == "cids_will_destroy" {
                    // Marked only: a component rendered again before the client confirms stays
                    // (docs/protocol.md §4.6).
                    self.view.components_will_destroy(&cids);
                    Reply::Diff(None)
                } else {
                    Reply::Cids(self.view.components_destroyed(&cids))
                };
                driver.send(Output::Reply { reference, reply });
                Step::Continue
            }
            other => {
                let reason = format!("unsupported message \"{other}\"");
                driver.send(Output::Reply {
                    reference,
                    reply: Reply::Error(reason.clone()),
                });
                Step::Refused(Refusal::Request(reason))
            }
        }
    }

    /// Runs `handle_info` for a message from a timer, PubSub, a handle or a task; its diff is
    /// pushed.
    pub fn on_info(&mut self, message: AnyMessage, driver: &mut impl ChannelDriver) -> Step {
        let started = Instant::now();
        let view = &mut self.view;
        let result = guarded(|| view.handle_info(message));
        driver.handled(&Handled {
            view: self.view.name(),
            callback: Callback::Info,
            elapsed: started.elapsed(),
        });
        if let Err(err) = &result {
            if err.is::<crate::runtime::WrongMessage>() {
                return Step::Refused(Refusal::Message(err.to_string()));
            }
        }
        self.settle(result, None, driver)
    }

    /// A new join on the same topic replaces this channel: it closes.
    pub fn replaced(&mut self, driver: &mut impl ChannelDriver) -> End {
        driver.send(Output::Push(Push::Close));
        End::Replaced
    }

    /// Ends the view as crashed for a reason found by the driver (e.g. it cannot keep up with
    /// its messages): the client gets `phx_error` and rejoins.
    pub fn fail(&mut self, err: ViewError, driver: &mut impl ChannelDriver) -> End {
        driver.send(Output::Push(Push::Error));
        End::Crashed(err)
    }

    /// Runs the view's `terminate` for a normal end (not after a crash); `Err` when it panicked.
    /// The driver stops its timers, subscriptions and tasks first.
    pub fn terminate(&mut self, reason: Option<&TerminateReason>) -> Result<(), ViewError> {
        match reason {
            Some(reason) => {
                let view = &mut self.view;
                guarded(|| {
                    view.terminate(reason);
                    Ok(())
                })
            }
            None => Ok(()),
        }
    }

    /// The view's type name.
    pub fn name(&self) -> &'static str {
        self.view.name()
    }

    /// How many LiveComponents the view holds.
    pub fn component_count(&self) -> usize {
        self.view.component_count()
    }

    /// The view's current URL (it follows patches); `None` for views without a route.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// The view's flash.
    pub fn flash(&self) -> &Flash {
        self.view.flash()
    }

    /// The snapshot of a persisted view (see [`crate::persist`]); `None` for other views.
    pub fn snapshot(&self) -> Option<Result<String, String>> {
        self.view.snapshot()
    }

    /// Why the join's snapshot could not be restored (taken once).
    pub fn take_restore_error(&mut self) -> Option<String> {
        self.view.take_restore_error()
    }

    /// The view's full HTML as the server renders it now (what the client should hold).
    pub fn render_html(&mut self) -> Result<String, ViewError> {
        let view = &mut self.view;
        guarded(|| Ok(view.render_html()))
    }

    fn on_event(
        &mut self,
        reference: Option<String>,
        payload: &Value,
        driver: &mut impl ChannelDriver,
    ) -> Step {
        let event = match Event::from_payload(payload) {
            Ok(event) => event,
            Err(err) => {
                let reason = err.to_string();
                driver.send(Output::Reply {
                    reference,
                    reply: Reply::Error(reason.clone()),
                });
                return Step::Refused(Refusal::Event(reason));
            }
        };
        let started = Instant::now();
        let view = &mut self.view;
        let result = guarded(|| view.handle_event(&event));
        driver.handled(&Handled {
            view: self.view.name(),
            callback: Callback::Event { name: event.name() },
            elapsed: started.elapsed(),
        });
        // Params the client sent that do not fit the view's types are bad input, not a crash:
        // an error reply, and the view lives on.
        if let Err(err) = &result {
            let bad = match err.downcast_ref::<crate::ParamsError>() {
                Some(bad) => Some(bad.to_string()),
                // An event a typed view does not declare, or whose params do not fit.
                None => err
                    .downcast_ref::<crate::live_event::EventError>()
                    .map(ToString::to_string),
            };
            if let Some(reason) = bad {
                driver.send(Output::Reply {
                    reference,
                    reply: Reply::Error(reason.clone()),
                });
                return Step::Refused(Refusal::Params(reason));
            }
        }
        self.settle(result, Some(reference), driver)
    }

    /// A `live_patch` from the client (a patch link, `JS.patch`, history navigation).
    fn on_live_patch(
        &mut self,
        reference: Option<String>,
        payload: &Value,
        driver: &mut impl ChannelDriver,
    ) -> Step {
        let Some(url) = payload.get("url").and_then(Value::as_str) else {
            let reason = "live_patch without url".to_owned();
            driver.send(Output::Reply {
                reference,
                reply: Reply::Error(reason.clone()),
            });
            return Step::Refused(Refusal::Request(reason));
        };
        match self.patch(url, driver) {
            Ok(Some(commands)) => self.settle(Ok(commands), Some(reference), driver),
            // Another view or live session: the client navigates there itself.
            Ok(None) => {
                driver.send(Output::Reply {
                    reference,
                    reply: Reply::LinkRedirect,
                });
                Step::Continue
            }
            Err(err) => Step::Ended(self.fail(err, driver)),
        }
    }

    /// Carries out a callback's outcome: its effects, then its navigation, then the diff, as
    /// the reply to `reply_to` (`Some`: a client request) or as a push (`None`).
    fn settle(
        &mut self,
        result: Result<Commands, ViewError>,
        reply_to: Option<Option<String>>,
        driver: &mut impl ChannelDriver,
    ) -> Step {
        let commands = match result {
            Ok(commands) => commands,
            Err(err) => return Step::Ended(self.fail(err, driver)),
        };
        for command in commands.commands {
            driver.command(command);
        }
        let mut navigation = commands.navigation;
        // A component's `mount` or `update` run by the render may navigate too: the diff goes
        // out first, then the navigation is followed like the callback's own (a patch renders
        // once more). Bounded: a component patching on every render is stopped.
        for _ in 0..=MAX_CHAINED_PATCHES {
            if let Some(navigation) = navigation.take() {
                match self.follow(navigation, driver, 0) {
                    Ok(Followed::Patched(patch)) => {
                        driver.send(Output::Push(Push::LivePatch(patch)));
                    }
                    Ok(Followed::Departed(departure)) => {
                        return self.depart(departure, reply_to, driver)
                    }
                    Err(err) => return Step::Ended(self.fail(err, driver)),
                }
            }
            let diff = match self.render_diff() {
                Ok(diff) => diff,
                Err(err) => return Step::Ended(self.fail(err, driver)),
            };
            navigation = self.render_commands(driver);
            if navigation.is_none() {
                match (reply_to, diff) {
                    (Some(reference), diff) => driver.send(Output::Reply {
                        reference,
                        reply: Reply::Diff(diff),
                    }),
                    (None, Some(diff)) => driver.send(Output::Push(Push::Diff(diff))),
                    (None, None) => {}
                }
                return Step::Continue;
            }
            if let Some(diff) = diff {
                driver.send(Output::Push(Push::Diff(diff)));
            }
        }
        let err = ViewError::new(format!(
            "components kept navigating while rendering (more than {MAX_CHAINED_PATCHES} times in a row)"
        ));
        Step::Ended(self.fail(err, driver))
    }

    /// Follows a navigation a callback asked for: a patch of this view runs `handle_params`
    /// (and follows what that asks for in turn); anything else is a departure.
    fn follow(
        &mut self,
        navigation: Navigation,
        driver: &mut impl ChannelDriver,
        depth: usize,
    ) -> Result<Followed, ViewError> {
        match navigation {
            Navigation::Patch { to, replace } => {
                if depth >= MAX_CHAINED_PATCHES {
                    return Err(format!(
                        "more than {MAX_CHAINED_PATCHES} chained patches: handle_params keeps patching (last to {to})"
                    )
                    .into());
                }
                let Some(commands) = self.patch(&to, driver)? else {
                    // Not served by this view: a live redirect there instead.
                    return Ok(Followed::Departed(Departure {
                        to,
                        kind: NavigationKind::Live { replace },
                        flash: self.view.flash().clone(),
                    }));
                };
                for command in commands.commands {
                    driver.command(command);
                }
                match commands.navigation {
                    Some(navigation) => self.follow(navigation, driver, depth + 1),
                    None => Ok(Followed::Patched(
                        serde_json::json!({"to": to, "kind": output::history_kind(replace)}),
                    )),
                }
            }
            Navigation::Navigate { to, replace } => Ok(Followed::Departed(Departure {
                to,
                kind: NavigationKind::Live { replace },
                flash: self.view.flash().clone(),
            })),
            Navigation::Redirect { to } => Ok(Followed::Departed(Departure {
                to,
                kind: NavigationKind::Load,
                flash: self.view.flash().clone(),
            })),
        }
    }

    /// Runs `handle_params` for a patch to `to` when it routes to this view (`Ok(None)` when it
    /// does not); returns what handle_params asked for.
    fn patch(
        &mut self,
        to: &str,
        driver: &mut impl ChannelDriver,
    ) -> Result<Option<Commands>, ViewError> {
        let Some((params, url)) = driver.patch_route(to) else {
            return Ok(None);
        };
        let started = Instant::now();
        let view = &mut self.view;
        let commands = guarded(|| view.handle_params(&params, &url))?;
        driver.handled(&Handled {
            view: self.view.name(),
            callback: Callback::Params { uri: &url },
            elapsed: started.elapsed(),
        });
        self.url = Some(url);
        Ok(Some(commands))
    }

    /// The view leaves: a pending diff (pushed events) first, then the redirect as the reply or
    /// a push, then `phx_close`.
    fn depart(
        &mut self,
        departure: Departure,
        reply_to: Option<Option<String>>,
        driver: &mut impl ChannelDriver,
    ) -> Step {
        match self.render_diff() {
            Ok(Some(diff)) => driver.send(Output::Push(Push::Diff(diff))),
            Ok(None) => {}
            Err(err) => return Step::Ended(self.fail(err, driver)),
        }
        let (kind, payload) = self.departure_payload(&departure, driver);
        driver.send(match reply_to {
            Some(reference) => Output::Reply {
                reference,
                reply: Reply::Navigate { kind, payload },
            },
            None => Output::Push(Push::Navigate { kind, payload }),
        });
        driver.send(Output::Push(Push::Close));
        Step::Ended(End::Navigated(departure))
    }

    /// Refuses the join with the navigation that mount, handle_params or a component's render
    /// asked for: the reply carries where to go, and the channel ends navigated.
    fn refuse_join(
        &self,
        reference: Option<String>,
        departure: Departure,
        driver: &mut impl ChannelDriver,
    ) -> Step {
        let (kind, payload) = self.departure_payload(&departure, driver);
        driver.send(Output::Reply {
            reference,
            reply: Reply::JoinNavigate { kind, payload },
        });
        Step::Ended(End::Navigated(departure))
    }

    /// `{"to", "kind"?, "flash"?}` of a departure.
    fn departure_payload(
        &self,
        departure: &Departure,
        driver: &impl ChannelDriver,
    ) -> (NavigationKind, Value) {
        let mut payload = Map::new();
        payload.insert("to".into(), departure.to.clone().into());
        if let NavigationKind::Live { replace } = departure.kind {
            payload.insert("kind".into(), output::history_kind(replace).into());
        }
        if let Some(flash) = driver.flash_value(&departure.flash) {
            payload.insert("flash".into(), flash);
        }
        (departure.kind, Value::Object(payload))
    }

    fn render_join(&mut self) -> Result<String, ViewError> {
        let view = &mut self.view;
        guarded(|| Ok(view.join_rendered()))
    }

    fn render_diff(&mut self) -> Result<Option<String>, ViewError> {
        let view = &mut self.view;
        guarded(|| Ok(view.render_diff()))
    }

    /// Carries out the commands components asked for while the view rendered (tasks or timers
    /// started by a component's `mount` or `update`); returns the navigation they asked for.
    fn render_commands(&mut self, driver: &mut impl ChannelDriver) -> Option<Navigation> {
        let commands = self.view.take_commands();
        for command in commands.commands {
            driver.command(command);
        }
        commands.navigation
    }
}

/// The cids of a `cids_will_destroy` / `cids_destroyed` payload (`{"cids": [1, 2]}`); `None`
/// when it is not a list of non-negative integers.
fn cids_of(payload: &Value) -> Option<Vec<u64>> {
    payload
        .get("cids")?
        .as_array()?
        .iter()
        .map(Value::as_u64)
        .collect()
}

/// A join that failed after mount: `join crashed` for the client, a crashed end for the driver.
fn join_crashed(
    reference: Option<String>,
    err: ViewError,
    driver: &mut impl ChannelDriver,
) -> Step {
    driver.send(Output::Reply {
        reference,
        reply: Reply::Error("join crashed".into()),
    });
    Step::Ended(End::Crashed(err))
}
