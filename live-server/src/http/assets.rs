//! The client bundle: the official `phoenix` and `phoenix_live_view` packages plus our glue,
//! built by `build.rs` from `client/` and embedded in the binary.

/// The bundled client script, served at `/assets/live.js`.
pub(crate) const CLIENT_BUNDLE: &str = include_str!(concat!(env!("OUT_DIR"), "/live.js"));
