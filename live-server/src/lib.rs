//! The server of **live**, Phoenix LiveView for Rust: hyper + tokio + tungstenite.
//!
//! - `GET` on a live route mounts the view disconnected and answers its HTML inside a layout
//!   carrying the CSRF meta tag, the client script and the signed container tokens.
//! - `/live/websocket` speaks the Phoenix channel protocol v2 to the official LiveView client:
//!   heartbeats, `phx_join` (session, static and CSRF checks), events answered with diffs,
//!   `phx_leave`, and `phx_error` when a view crashes.
//! - One task per joined view owns its state; a panic ends that view only.
//! - `/assets/live.js` serves the client bundle built from `client/`.
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

mod assets;
mod callback;
mod channel;
mod config;
mod cookie;
mod csrf;
mod flash_token;
pub mod handler;
mod http;
pub mod on_mount;
mod page;
pub mod pubsub;
mod router;
mod server;
pub mod testing;
mod token;
mod view_call;
mod view_token;

pub use config::Config;
pub use pubsub::{LocalPubSub, PubSub};
pub use router::{Route, Router};
pub use server::{run_local, BoundServer, Server};
pub use view_call::call_timeout;
