//! The Phoenix channel protocol: frames, the transport-independent connection, its two
//! transports (WebSocket and long poll), view tasks, and the guarded calls into a view's
//! callbacks.

pub(crate) mod call;
pub(crate) mod connection;
pub(crate) mod family;
pub(crate) mod frame;
pub(crate) mod longpoll;
pub(crate) mod queue;
pub(crate) mod repoll;
pub(crate) mod topic_map;
pub(crate) mod view_task;
pub(crate) mod websocket;
