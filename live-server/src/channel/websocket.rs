//! The WebSocket transport: one task per upgraded socket, driving a [`Connection`] with the
//! socket's text frames and writing back its frames.

use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use live_core::ConnectInfo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::tungstenite::error::{CapacityError, Error as WsError};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use super::connection::{server_stopping, Connection};
use crate::server::AppState;

/// Runs the protocol on an upgraded socket until the client goes away.
///
/// `authorized` is false when the upgrade request had no valid session cookie or a CSRF token
/// that does not match it; `connect_info` comes from the upgrade request (see
/// [`Connection::new`]).
pub(crate) async fn run<S>(
    mut ws: WebSocketStream<S>,
    app: Arc<AppState>,
    authorized: bool,
    connect_info: ConnectInfo,
) where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut shutdown = app.shutdown.subscribe();
    let (mut connection, mut outbound_rx) = Connection::new(app, authorized, connect_info);
    loop {
        tokio::select! {
            // The value only ever flips to true, and the sender lives as long as `app`.
            // Also fires when the server was already stopping as this driver started.
            () = server_stopping(&mut shutdown) => {
                connection.shutdown();
                let close = CloseFrame { code: CloseCode::Restart, reason: "server shutting down".into() };
                let _ = ws.send(Message::Close(Some(close))).await;
                let _ = ws.flush().await;
                break;
            }
            incoming = ws.next() => {
                let step = match incoming {
                    None | Some(Ok(Message::Close(_))) => Step::Stop,
                    Some(Ok(Message::Text(text))) => match connection.on_text(text.as_str()) {
                        Ok(frames) => Step::Continue(frames),
                        Err(err) => {
                            tracing::warn!("closing socket: invalid frame: {err}");
                            Step::Close(CloseCode::Invalid, "invalid frame")
                        }
                    },
                    Some(Ok(Message::Binary(_))) => {
                        tracing::warn!("closing socket: binary frames are not supported");
                        Step::Close(CloseCode::Unsupported, "binary frames are not supported")
                    }
                    Some(Ok(_)) => Step::Continue(Vec::new()),
                    Some(Err(WsError::Capacity(CapacityError::MessageTooLong { size, max_size }))) => {
                        tracing::warn!(size, max_size, "closing socket: message too big");
                        Step::Close(CloseCode::Size, "message too big")
                    }
                    Some(Err(WsError::Capacity(err))) => {
                        tracing::warn!("closing socket: {err}");
                        Step::Close(CloseCode::Size, "message too big")
                    }
                    Some(Err(err)) => {
                        tracing::debug!("socket read failed: {err}");
                        Step::Stop
                    }
                };
                match step {
                    Step::Continue(frames) => {
                        for text in frames {
                            if ws.send(Message::text(text)).await.is_err() {
                                return;
                            }
                        }
                    }
                    Step::Close(code, reason) => {
                        let close = CloseFrame { code, reason: reason.into() };
                        let _ = ws.send(Message::Close(Some(close))).await;
                        let _ = ws.flush().await;
                        linger(ws.get_mut()).await;
                        break;
                    }
                    Step::Stop => break,
                }
            }
            Some(out) = outbound_rx.recv() => {
                if let Some(text) = connection.on_outbound(out) {
                    if ws.send(Message::text(text)).await.is_err() {
                        break;
                    }
                }
            }
        }
    }
    // Dropping the connection ends every view task of this socket.
    drop(connection);
}

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
