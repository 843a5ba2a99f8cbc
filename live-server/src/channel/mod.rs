//! The Phoenix channel protocol over WebSocket: frames, the connection task, view tasks, and the
//! guarded calls into a view's callbacks.

pub(crate) mod call;
pub(crate) mod connection;
pub(crate) mod frame;
pub(crate) mod view_task;
