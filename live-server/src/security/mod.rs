//! What keeps one user's data theirs: signed tokens (the HMAC signer, view and flash tokens),
//! the session cookie, CSRF tokens and the WebSocket origin check.

pub(crate) mod cookie;
pub(crate) mod csrf;
pub(crate) mod flash_token;
pub(crate) mod origin;
pub(crate) mod token;
pub(crate) mod view_token;
