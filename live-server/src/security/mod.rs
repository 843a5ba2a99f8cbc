//! What keeps one user's data theirs: signed tokens (the HMAC signer, view, flash, long-poll
//! session and upload tokens), the session cookie, CSRF tokens and the socket origin check.

pub(crate) mod cookie;
pub(crate) mod csrf;
pub(crate) mod flash_token;
pub(crate) mod longpoll_token;
pub(crate) mod origin;
pub(crate) mod token;
pub(crate) mod upload_token;
pub(crate) mod view_token;
