//! The server of **live**, Phoenix LiveView for Rust: hyper + tokio + tungstenite.
//!
//! - `GET` on a live route mounts the view disconnected and answers its HTML inside a layout
//!   carrying the CSRF meta tag, the client script and the signed container tokens.
//! - `/live/websocket` speaks the Phoenix channel protocol v2 to the official LiveView client:
//!   heartbeats, `phx_join` (session, static and CSRF checks), events answered with diffs,
//!   `phx_leave`, and `phx_error` when a view crashes.
//! - `/live/longpoll` speaks the same protocol over HTTP long polling, the client's fallback when
//!   WebSockets are blocked: a session per client, with a signed token, bounded in number, queue
//!   and idle time (see [`Config::longpoll_max_sessions`]).
//! - One task per joined view owns its state; a panic ends that view only.
//! - [`Server::into_service`] makes the same application a `tower::Service` ([`LiveService`]),
//!   to mount inside axum (`fallback_service`) under tower middleware; request extensions that
//!   middleware sets reach `mount` through [`Router::connect_info`].
//! - `/assets/live.js` serves the client bundle: the official client built from `client/` into
//!   `assets/live.js`, committed and embedded, so building this crate needs no Node or npm
//!   (`scripts/build-client.sh` in the repository rebuilds it).
//!
//! Coming from Phoenix? The [`guide`] walks through LiveView's concepts (views, templates,
//! events, forms, components, navigation, PubSub, testing, deployment) and shows each in live.
//!
//! # Where things are
//!
//! The crate is grouped by concept; each folder's module docs say what it holds.
//!
//! | module | what it holds |
//! | --- | --- |
//! | `server` | binding, the accept loop, graceful shutdown |
//! | `config` | [`Config`]: secret, origins, limits, page head |
//! | `write_deadline` | the time-out on every write to a client (HTTP responses and WebSockets) |
//! | `connection_limit` | open connections counted per client and in total, enforced at accept |
//! | `router` | [`Router`]: live routes, live sessions and their [`on_mount`] hooks, plain routes, files, connect info (request extensions handed to `mount`) |
//! | `http` | answering HTTP: static renders inside the layout, plain [`handler`]s, the client bundle, the WebSocket upgrade, the long-poll exchange, the tower [`LiveService`] |
//! | `channel` | the Phoenix channel protocol: frames, the transport-independent connection, its WebSocket and long-poll drivers, one task per view, guarded calls into views |
//! | `security` | signed tokens (view, flash, long-poll session, upload), the session cookie, CSRF tokens |
//! | `upload` | receiving uploads: binary chunk frames, one task per upload channel, the temporary files |
//! | [`metrics`] | the counters and gauges the server reports through the `metrics` facade |
//! | [`pubsub`] | the [`PubSub`] trait, its in-process and Redis (feature `redis`) adapters, [`Presence`] |
//! | [`testing`] | LiveViewTest: views driven in-process, the client's merged HTML, snapshots |
//! | [`guide`] | documentation only: the guide for Phoenix users, one chapter per concept |
//!
//! Dependencies point one way: `live-server` uses `live-core` (views, rendering, diffs), which
//! uses `live-macros` for `html!`; nothing in `live-core` knows about sockets.
//!
//! ```no_run
//! use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
//! use live_server::{Router, Server};
//!
//! #[derive(live_core::LiveView)]
//! struct Counter { count: i64 }
//!
//! impl LiveView for Counter {
//!     type Info = ();
//!
//!     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
//!         Ok(Counter { count: 0 })
//!     }
//!     fn handle_event(assigns: &mut Assigns<Self>, event: &Event, _: &mut Socket<Self>) -> Result<(), ViewError> {
//!         if event.name() == "inc" {
//!             assigns.update_count(|c| *c += 1);
//!         }
//!         Ok(())
//!     }
//!     fn render(assigns: &Assigns<Self>) -> Rendered {
//!         html! { <button phx-click="inc">{@count}</button> }
//!     }
//! }
//!
//! #[tokio::main]
//! async fn main() -> std::io::Result<()> {
//!     let server = Server::new(Router::new().live::<Counter>("/")).bind("127.0.0.1:4000").await?;
//!     server.serve().await
//! }
//! ```

mod channel;
mod config;
mod connection_limit;
#[cfg(any(feature = "fuzzing", test))]
#[doc(hidden)]
pub mod fuzzing;
pub mod guide;
mod http;
pub mod metrics;
pub mod persist;
pub mod pubsub;
mod router;
mod security;
mod server;
mod shutdown;
pub mod testing;
mod upload;
mod write_deadline;

pub use channel::call::call_timeout;
pub use config::Config;
pub use http::handler;
pub use http::root_layout::{self, RootLayout};
pub use http::service::{LiveService, ResponseBody, ResponseFuture};
pub use pubsub::{LocalPubSub, Presence, PubSub};
pub use router::connect_info::RequestInfo;
pub use router::on_mount;
pub use router::route_match::RouteMatch;
pub use router::{Route, Router};
pub use server::{pubsub_for, run_local, BoundServer, Server};
pub use shutdown::shutdown_signal;
