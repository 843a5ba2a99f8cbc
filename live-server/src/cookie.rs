//! The HTTP session cookie: signed claims holding the CSRF secret.

use serde_json::{Map, Value};

use crate::csrf;
use crate::token::{now, Purpose, Signer};

/// Name of the session cookie.
pub(crate) const COOKIE_NAME: &str = "_live_session";

/// How long a session cookie stays valid, in seconds (14 days, as upstream's view tokens).
const MAX_AGE: u64 = 14 * 24 * 3600;

/// The decoded session cookie.
#[derive(Debug, Clone)]
pub(crate) struct CookieSession {
    /// The CSRF secret of this session.
    pub(crate) csrf_secret: String,
}

impl CookieSession {
    /// A new session with a fresh CSRF secret.
    pub(crate) fn fresh() -> Self {
        CookieSession {
            csrf_secret: csrf::new_secret(),
        }
    }

    /// The session in the `Cookie` header value, if present and validly signed.
    pub(crate) fn from_header(signer: &Signer, header: &str) -> Option<Self> {
        let value = header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE_NAME)
            .map(|(_, value)| value)?;
        let claims = signer.verify(Purpose::Cookie, value, MAX_AGE, now()).ok()?;
        let csrf_secret = claims.get("csrf").and_then(Value::as_str)?.to_owned();
        Some(CookieSession { csrf_secret })
    }

    /// The `Set-Cookie` header value for this session.
    pub(crate) fn to_set_cookie(&self, signer: &Signer) -> String {
        let mut claims = Map::new();
        claims.insert("csrf".into(), self.csrf_secret.clone().into());
        let token = signer.sign(Purpose::Cookie, claims, now());
        format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={MAX_AGE}")
    }
}
