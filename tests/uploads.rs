//! Uploads over a raw WebSocket.
