//! The WebSocket transport: one task per upgraded socket, driving a [`Connection`] with the
//! socket's text frames and writing back its frames.

use std::future::Future;
use std::sync::Arc;

use futures_util::future::Either;
use futures_util::stream::FuturesUnordered;
use futures_util::{FutureExt, SinkExt, StreamExt};
use live_core::ConnectInfo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::tungstenite::error::{CapacityError, Error as WsError};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use super::connection::{server_stopping, Connection, Refusal};
use super::repoll::repoll;
use super::view_task::ViewRun;
use crate::server::AppState;

/// Runs the protocol on an upgraded socket (as a WebSocket with `config`) until the client
/// goes away.
///
/// `authorized` is false when the upgrade request had no valid session cookie or a CSRF token
/// that does not match it; `connect_info` comes from the upgrade request (see
/// [`Connection::new`]).
///
/// Not an `async fn`: an `async fn`'s future keeps each argument beside the local it is moved
/// into, for the socket's whole life. The socket and the connection are made here, and the
/// returned future captures each of them once.
pub(crate) fn run<S>(
    upgraded: S,
    config: WebSocketConfig,
    app: Arc<AppState>,
    authorized: bool,
    connect_info: ConnectInfo,
) -> impl Future<Output = ()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // Ready at once: a raw socket needs no handshake (the upgrade request was answered).
    let Some(mut ws) =
        WebSocketStream::from_raw_socket(upgraded, Role::Server, Some(config)).now_or_never()
    else {
        tracing::error!("dropping socket: the WebSocket could not be set up on it");
        return Either::Right(std::future::ready(()));
    };
    let mut shutdown = app.shutdown.subscribe();
    let idle_timeout = app.config.socket_idle_timeout;
    let write_timeout = app.config.socket_write_timeout;
    let (mut connection, mut outbound_rx) = Connection::new(app, authorized, connect_info);
    // The socket's views run on this task: an event is read, handled, rendered and written
    // back in one poll, without waking another task; their wakes of each other and of this
    // loop are served by polling again, not by the scheduler (see `repoll`).
    connection.drive_views_here();
    Either::Left(repoll(async move {
        let mut views: FuturesUnordered<ViewRun> = FuturesUnordered::new();
        // Every write is bounded in time: a client that stops reading cannot hold this task
        // (and what it buffers) forever.
        macro_rules! write_or_drop {
            ($write:expr) => {
                match tokio::time::timeout(write_timeout, $write).await {
                    Ok(Ok(())) => {}
                    Ok(Err(_)) => break,
                    Err(_) => {
                        tracing::warn!(?write_timeout, "dropping socket: the client does not read");
                        break;
                    }
                }
            };
        }
        let idle = tokio::time::sleep(idle_timeout);
        tokio::pin!(idle);
        loop {
            views.extend(connection.take_started());
            tokio::select! {
                // The value only ever flips to true, and the sender lives as long as `app`.
                // Also fires when the server was already stopping as this driver started.
                () = server_stopping(&mut shutdown) => {
                    connection.shutdown();
                    let close = CloseFrame { code: CloseCode::Restart, reason: "server shutting down".into() };
                    let _ = tokio::time::timeout(write_timeout, async {
                        let _ = ws.send(Message::Close(Some(close))).await;
                        let _ = ws.flush().await;
                    })
                    .await;
                    break;
                }
                () = &mut idle => {
                    tracing::info!(?idle_timeout, "closing socket: no frame from the client, not even a heartbeat");
                    let close = CloseFrame { code: CloseCode::Away, reason: "idle".into() };
                    let _ = tokio::time::timeout(write_timeout, ws.send(Message::Close(Some(close)))).await;
                    break;
                }
                incoming = ws.next() => {
                    idle.as_mut().reset(tokio::time::Instant::now() + idle_timeout);
                    let step = Step::of(incoming, &mut connection);
                    match step {
                        Step::Continue(frames) => {
                            for text in frames {
                                write_or_drop!(ws.send(Message::text(text)));
                            }
                        }
                        Step::Close(code, reason) => {
                            let close = CloseFrame { code, reason: reason.into() };
                            let _ = tokio::time::timeout(write_timeout, async {
                                let _ = ws.send(Message::Close(Some(close))).await;
                                let _ = ws.flush().await;
                            })
                            .await;
                            linger(ws.get_mut()).await;
                            break;
                        }
                        Step::Stop => break,
                    }
                }
                Some(out) = outbound_rx.recv() => {
                    if let Some(text) = connection.on_outbound(out) {
                        write_or_drop!(ws.send(Message::text(text)));
                    }
                }
                Some(()) = views.next(), if !views.is_empty() => {}
            }
        }
        // Dropping the connection ends every view of this socket: each sees its command queue
        // closed, runs its `terminate` and returns. They get a bounded time to do so.
        drop(connection);
        drop(outbound_rx);
        let _ = tokio::time::timeout(VIEWS_END_TIMEOUT, async {
            while views.next().await.is_some() {}
        })
        .await;
    }))
}

/// How long the views of a closed socket may take to run their `terminate`.
const VIEWS_END_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// After closing on bad input, reads and discards what the client is still sending (bounded in
/// time and bytes) so the close frame reaches it instead of a TCP reset.
async fn linger<S: AsyncRead + Unpin>(stream: &mut S) {
    use tokio::io::AsyncReadExt;
    const LINGER: std::time::Duration = std::time::Duration::from_secs(2);
    const MAX_DISCARD: usize = 64 * 1024 * 1024;
    let mut buf = vec![0u8; 64 * 1024];
    let mut discarded = 0;
    let _ = tokio::time::timeout(LINGER, async {
        while discarded < MAX_DISCARD {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => discarded += n,
            }
        }
    })
    .await;
}

/// What the read loop does after a client message.
enum Step {
    /// Send these frames (possibly none) and keep going.
    Continue(Vec<String>),
    /// Close the socket with this code and reason.
    Close(CloseCode, &'static str),
    /// Stop without a close frame (the client is gone).
    Stop,
}

impl Step {
    /// What to do after `incoming` (what the socket read), handed to `connection`.
    ///
    /// A function of its own so that the read message, large with tungstenite's error type, is
    /// gone before the writes that follow are awaited (it is not kept in the socket's future).
    fn of(incoming: Option<Result<Message, WsError>>, connection: &mut Connection) -> Step {
        match incoming {
            None | Some(Ok(Message::Close(_))) => Step::Stop,
            Some(Ok(Message::Text(text))) => match connection.on_text(text.as_str()) {
                Ok(frames) => Step::Continue(frames),
                Err(err @ (Refusal::Invalid(_) | Refusal::InvalidBinary(_))) => {
                    tracing::warn!("closing socket: {err}");
                    Step::Close(CloseCode::Invalid, "invalid frame")
                }
                Err(Refusal::TooFast) => {
                    tracing::warn!("closing socket: the client sends too many messages");
                    Step::Close(CloseCode::Policy, "too many messages")
                }
            },
            Some(Ok(Message::Binary(data))) => match connection.on_binary(data) {
                Ok(frames) => Step::Continue(frames),
                Err(Refusal::TooFast) => {
                    tracing::warn!(
                        "closing socket: the client sends chunks without waiting for replies"
                    );
                    Step::Close(CloseCode::Policy, "too many messages")
                }
                Err(err) => {
                    tracing::warn!("closing socket: {err}");
                    Step::Close(CloseCode::Invalid, "invalid frame")
                }
            },
            Some(Ok(_)) => Step::Continue(Vec::new()),
            Some(Err(WsError::Capacity(CapacityError::MessageTooLong { size, max_size }))) => {
                tracing::warn!(size, max_size, "closing socket: message too big");
                Step::Close(CloseCode::Size, "message too big")
            }
            Some(Err(WsError::Capacity(err))) => {
                tracing::warn!("closing socket: {err}");
                Step::Close(CloseCode::Size, "message too big")
            }
            Some(Err(WsError::Utf8)) => {
                tracing::warn!("closing socket: a text frame is not UTF-8");
                Step::Close(CloseCode::Invalid, "text frame is not UTF-8")
            }
            Some(Err(err)) => {
                tracing::debug!("socket read failed: {err}");
                Step::Stop
            }
        }
    }
}
