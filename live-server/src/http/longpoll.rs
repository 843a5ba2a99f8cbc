//! `/live/longpoll`: the HTTP exchange of the official client's long-poll transport, its
//! fallback when WebSockets are blocked (docs/protocol.md §1.6).
//!
//! Every answer is HTTP 200 with a JSON body; the client reads the body's `status`:
//!
//! - `GET` without `token` opens a session: `{"status":410,"token":T,"messages":[]}`. The client
//!   keeps `T` and sends it as the `token` query parameter from then on.
//! - `GET` with `token` is a poll: `200` with `messages` (channel frames as JSON text) as soon as
//!   there are some, `204` with none after the poll time-out; both carry `token` again. `410`
//!   when the session is gone (ended, expired, or not this client's): the client opens a new
//!   one and rejoins its views.
//! - `POST` with `token` carries the client's messages, one per line
//!   (`application/x-ndjson`): JSON frames, and binary frames (upload chunks) in base64, which
//!   is how the client's long poll sends them. A chunk in base64 is 4/3 of its size and must
//!   fit in the post with the rest of its batch. `{"status":200}` once the session took them, `410` when it is
//!   gone, `400` when a message is not a channel frame (the session ends), `413` when the body
//!   is over `max_message_bytes` or holds more than 100 messages, `408` when it does not arrive
//!   within `Config::body_read_timeout`.
//! - `403` when the serializer version or the origin is refused (the client gives up), `500`
//!   when no more sessions may open (the client retries later).

use std::sync::Arc;

use http_body_util::{BodyExt, Limited};
use hyper::body::Body;
use hyper::{Method, Request, StatusCode};
use live_core::ConnectInfo;
use serde_json::{json, Value};
use tokio::sync::oneshot;

use super::{respond, text, BoxError, HttpResponse, SocketClient};
use crate::channel::longpoll::{self, PollAnswer, PublishAnswer, Sessions};
use crate::router::query_pairs;
use crate::security::longpoll_token;
use crate::server::AppState;

/// Answers one request on `/live/longpoll`.
pub(crate) async fn handle<B>(req: Request<B>, state: Arc<AppState>) -> HttpResponse
where
    B: Body,
    B::Error: Into<BoxError>,
{
    let (parts, body) = req.into_parts();
    if parts.method != Method::GET && parts.method != Method::POST {
        return text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
    }
    let client = match SocketClient::check(&parts, &state) {
        Ok(client) => client,
        Err(_) => return status(403),
    };
    let token = query_pairs(parts.uri.query().unwrap_or(""))
        .find(|(name, _)| name == "token")
        .map(|(_, value)| value);
    let session = token
        .as_deref()
        .and_then(|token| longpoll_token::verify(&state.signer, token));
    let owner = client.cookie_secret.as_deref();
    if parts.method == Method::GET {
        match (token, session) {
            (None, _) => {
                let connect_info = state.router.connect_info_of(
                    &parts.extensions,
                    &parts.headers,
                    state.config.trust_proxy,
                );
                open(&state, client, connect_info)
            }
            (Some(token), Some(id)) => poll(&state, &id, owner, token).await,
            (Some(_), None) => gone(),
        }
    } else {
        match session {
            Some(id) => publish(body, &state, &id, owner).await,
            None => status(410),
        }
    }
}

/// Opens a session; `410` with its token is how the client learns it. Its views mount with the
/// connect info of this first request.
fn open(state: &Arc<AppState>, client: SocketClient, connect_info: ConnectInfo) -> HttpResponse {
    match Sessions::open(state, client.authorized, client.cookie_secret, connect_info) {
        Some(id) => json_response(&json!({
            "status": 410,
            "token": longpoll_token::sign(&state.signer, &id),
            "messages": [],
        })),
        None => {
            tracing::warn!(
                max = state.config.longpoll_max_sessions,
                "refused a long-poll session: too many open"
            );
            json_response(&json!({ "status": 500, "token": null, "messages": [] }))
        }
    }
}

/// Waits for the session's frames.
async fn poll(state: &AppState, id: &str, owner: Option<&str>, token: String) -> HttpResponse {
    let (reply, answer) = oneshot::channel();
    let request = longpoll::Request::Poll { reply };
    if state.longpoll.send(id, owner, request).await.is_err() {
        return gone();
    }
    match answer.await {
        Ok(PollAnswer::Frames(frames)) => json_response(&json!({
            "status": if frames.is_empty() { 204 } else { 200 },
            "token": token,
            "messages": frames,
        })),
        Ok(PollAnswer::Gone) | Err(_) => gone(),
    }
}

/// Hands the posted messages to the session.
async fn publish<B>(body: B, state: &AppState, id: &str, owner: Option<&str>) -> HttpResponse
where
    B: Body,
    B::Error: Into<BoxError>,
{
    let limit = state.config.max_message_bytes;
    let read = Limited::new(body, limit).collect();
    let body = match tokio::time::timeout(state.config.body_read_timeout, read).await {
        Ok(Ok(body)) => body.to_bytes(),
        Ok(Err(err)) => {
            tracing::warn!(limit, "refused a long-poll post: {err}");
            return status(413);
        }
        Err(_) => {
            tracing::info!("long-poll post body not received in time");
            // The rest of a stalled body must not be read as the next request.
            let mut response = status(408);
            response.headers_mut().insert(
                hyper::header::CONNECTION,
                hyper::header::HeaderValue::from_static("close"),
            );
            return response;
        }
    };
    let Ok(body) = std::str::from_utf8(&body) else {
        tracing::warn!("refused a long-poll post: the body is not UTF-8");
        return status(400);
    };
    let messages: Vec<String> = body
        .split('\n')
        .filter(|line| !line.trim().is_empty())
        .map(str::to_owned)
        .take(longpoll::MAX_BATCH + 1)
        .collect();
    if messages.len() > longpoll::MAX_BATCH {
        tracing::warn!(
            max = longpoll::MAX_BATCH,
            "refused a long-poll post: too many messages"
        );
        return status(413);
    }
    let (reply, answer) = oneshot::channel();
    let request = longpoll::Request::Publish { messages, reply };
    if state.longpoll.send(id, owner, request).await.is_err() {
        return status(410);
    }
    match answer.await {
        Ok(PublishAnswer::Accepted) => status(200),
        Ok(PublishAnswer::Invalid) => status(400),
        Err(_) => status(410),
    }
}

/// The session is gone: the client opens a new one and rejoins.
fn gone() -> HttpResponse {
    json_response(&json!({ "status": 410, "token": null, "messages": [] }))
}

fn status(code: u16) -> HttpResponse {
    json_response(&json!({ "status": code }))
}

fn json_response(body: &Value) -> HttpResponse {
    let mut response = respond(StatusCode::OK, "application/json", body.to_string());
    response.headers_mut().insert(
        hyper::header::CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-store"),
    );
    response
}
