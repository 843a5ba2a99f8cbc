//! One task per joined LiveView: it owns the view's state, so no lock guards it.
//!
//! The connection task forwards the channel's messages as [`Command`]s; the view task answers
//! with frames on the connection's outbound queue. A panic or an error in a view callback ends
//! this task only: the client gets `phx_error` for the topic and rejoins.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use live_core::runtime::AnyView;
use live_core::{Event, Params, Session};
use serde_json::Value;
use tokio::sync::mpsc;

use super::frame;
use crate::router::Route;

/// The client version our wire format matches, sent in join replies.
pub(crate) const LIVEVIEW_VERSION: &str = "1.2.12";

/// A message for a view task from its connection.
#[derive(Debug)]
pub(crate) enum Command {
    /// A client message on the view's topic (`event`, `cids_destroyed`, …).
    Push {
        reference: Option<String>,
        event: String,
        payload: Value,
    },
    /// `phx_leave`: reply ok and stop.
    Leave { reference: Option<String> },
    /// A new join on the same topic replaces this channel: send `phx_close` and stop.
    Replaced,
}

/// What a view task sends to its connection.
#[derive(Debug)]
pub(crate) enum Outbound {
    /// A text frame for the client.
    Frame(String),
    /// The view task ended; the connection forgets the channel if `join_ref` is still current.
    Ended { topic: String, join_ref: String },
}

/// Everything a view task needs to mount.
pub(crate) struct Join {
    pub(crate) topic: String,
    pub(crate) join_ref: String,
    pub(crate) route: Arc<Route>,
    pub(crate) params: Params,
    pub(crate) session: Session,
    pub(crate) outbound: mpsc::Sender<Outbound>,
}

/// Runs a view from its join to its end.
pub(crate) async fn run(join: Join, mut commands: mpsc::UnboundedReceiver<Command>) {
    let Join {
        topic,
        join_ref,
        route,
        params,
        session,
        outbound,
    } = join;
    let id = topic.strip_prefix("lv:").unwrap_or(&topic).to_owned();
    let jr = Some(join_ref.as_str());
    let send = |text: String| {
        let outbound = outbound.clone();
        async move { outbound.send(Outbound::Frame(text)).await.is_ok() }
    };

    let started = std::time::Instant::now();
    let mounted = catch_unwind(AssertUnwindSafe(|| {
        let mut view = route.factory().mount(&id, &params, &session, true)?;
        let rendered = view.join_rendered();
        Ok::<_, live_core::ViewError>((view, rendered))
    }));
    let mut view: Box<dyn AnyView> = match mounted {
        Ok(Ok((view, rendered))) => {
            tracing::debug!(view = route.factory().name(), %topic, elapsed = ?started.elapsed(), "mounted (connected)");
            let response =
                format!("{{\"rendered\":{rendered},\"liveview_version\":\"{LIVEVIEW_VERSION}\"}}");
            send(frame::reply(jr, jr, &topic, true, &response)).await;
            view
        }
        Ok(Err(err)) => {
            tracing::error!(view = route.factory().name(), %topic, "connected mount failed: {err}");
            send(frame::error_reply(jr, jr, &topic, "join crashed")).await;
            return end(&outbound, topic, join_ref).await;
        }
        Err(_) => {
            tracing::error!(view = route.factory().name(), %topic, "connected mount panicked");
            send(frame::error_reply(jr, jr, &topic, "join crashed")).await;
            return end(&outbound, topic, join_ref).await;
        }
    };

    while let Some(command) = commands.recv().await {
        match command {
            Command::Push {
                reference,
                event,
                payload,
            } => {
                let reference = reference.as_deref();
                match handle_push(&mut *view, route.factory().name(), &event, &payload) {
                    PushOutcome::Reply(response) => {
                        send(frame::reply(jr, reference, &topic, true, &response)).await;
                    }
                    PushOutcome::BadInput(reason) => {
                        send(frame::error_reply(jr, reference, &topic, &reason)).await;
                    }
                    PushOutcome::Crashed => {
                        send(frame::encode(
                            jr,
                            jr,
                            &topic,
                            "phx_error",
                            "{\"reason\":\"channel_crash\"}",
                        ))
                        .await;
                        break;
                    }
                }
            }
            Command::Leave { reference } => {
                send(frame::encode(jr, jr, &topic, "phx_close", "{}")).await;
                send(frame::reply(jr, reference.as_deref(), &topic, true, "{}")).await;
                break;
            }
            Command::Replaced => {
                send(frame::encode(jr, jr, &topic, "phx_close", "{}")).await;
                break;
            }
        }
    }
    end(&outbound, topic, join_ref).await;
}

async fn end(outbound: &mpsc::Sender<Outbound>, topic: String, join_ref: String) {
    let _ = outbound.send(Outbound::Ended { topic, join_ref }).await;
}

enum PushOutcome {
    /// Reply ok with this response object (JSON text).
    Reply(String),
    /// Reply error with this reason; the view keeps running.
    BadInput(String),
    /// The view crashed or returned an error; it ends.
    Crashed,
}

fn handle_push(view: &mut dyn AnyView, name: &str, event: &str, payload: &Value) -> PushOutcome {
    match event {
        "event" => {
            let event = match Event::from_payload(payload) {
                Ok(event) => event,
                Err(err) => {
                    tracing::warn!(view = name, "refused event: {err}");
                    return PushOutcome::BadInput(err.to_string());
                }
            };
            let started = std::time::Instant::now();
            let result = catch_unwind(AssertUnwindSafe(|| view.handle_event(&event)));
            match result {
                Ok(Ok(diff)) => {
                    tracing::debug!(view = name, event = event.name(), elapsed = ?started.elapsed(), "handled event");
                    PushOutcome::Reply(match diff {
                        Some(diff) => format!("{{\"diff\":{diff}}}"),
                        None => "{}".to_owned(),
                    })
                }
                Ok(Err(err)) => {
                    tracing::error!(
                        view = name,
                        event = event.name(),
                        "handle_event failed: {err}"
                    );
                    PushOutcome::Crashed
                }
                Err(_) => {
                    tracing::error!(view = name, event = event.name(), "handle_event panicked");
                    PushOutcome::Crashed
                }
            }
        }
        "cids_will_destroy" => PushOutcome::Reply("{}".to_owned()),
        // No components yet, so nothing is deleted; echo nothing so the client forgets nothing.
        "cids_destroyed" => PushOutcome::Reply("{\"cids\":[]}".to_owned()),
        other => {
            tracing::debug!(
                view = name,
                event = other,
                "unhandled channel message; replying ok"
            );
            PushOutcome::Reply("{}".to_owned())
        }
    }
}
