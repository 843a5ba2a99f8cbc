//! The Phoenix channel protocol over WebSocket: frames, the connection task and view tasks.

pub(crate) mod connection;
pub(crate) mod frame;
pub(crate) mod view_task;
