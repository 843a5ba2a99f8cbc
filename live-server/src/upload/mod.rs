//! Receiving uploads (docs/protocol-bindings.md §6.4): the client's binary chunk frames, one
//! task per upload channel (`lvu:<entry ref>`) writing its entry into a temporary file, and the
//! directory those files live in. The upload's state (entries, validation, progress) is
//! live-core's [`live_core::upload`]; the channel task registers with the entry's view task,
//! which holds the file's store, so an entry that goes takes its file with it.

pub(crate) mod dir;
pub(crate) mod file;
pub(crate) mod frame;
pub(crate) mod writer;
