//! The HTTP session cookie: signed claims holding the CSRF secret and the user's session data.

use live_core::Session;
use serde_json::{Map, Value};

use crate::security::csrf;
use crate::security::token::{now, Purpose, Signer};

/// Name of the session cookie.
pub(crate) const COOKIE_NAME: &str = "_live_session";

/// How long a session cookie stays valid, in seconds (14 days, as upstream's view tokens).
const MAX_AGE: u64 = 14 * 24 * 3600;

/// The decoded session cookie.
#[derive(Debug, Clone)]
pub(crate) struct CookieSession {
    /// The CSRF secret of this session.
    pub(crate) csrf_secret: String,
    /// The user's session data (what `mount` receives).
    pub(crate) data: Session,
}

/// The value of the cookie `name` in a `Cookie` header.
pub(crate) fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

impl CookieSession {
    /// A new session with a fresh CSRF secret and no data.
    pub(crate) fn fresh() -> Self {
        CookieSession {
            csrf_secret: csrf::new_secret(),
            data: Session::default(),
        }
    }

    /// The session in the `Cookie` header value, if present and validly signed.
    pub(crate) fn from_header(signer: &Signer, header: &str) -> Option<Self> {
        let value = cookie_value(header, COOKIE_NAME)?;
        let claims = signer.verify(Purpose::Cookie, value, MAX_AGE, now()).ok()?;
        let csrf_secret = claims.get("csrf").and_then(Value::as_str)?.to_owned();
        let data = match claims.get("data") {
            Some(Value::Object(map)) => Session::from_map(map.clone()),
            _ => Session::default(),
        };
        Some(CookieSession { csrf_secret, data })
    }

    /// The `Set-Cookie` header value for this session; `secure` adds the `Secure` attribute.
    pub(crate) fn to_set_cookie(&self, signer: &Signer, secure: bool) -> String {
        let mut claims = Map::new();
        claims.insert("csrf".into(), self.csrf_secret.clone().into());
        claims.insert("data".into(), Value::Object(self.data.as_map().clone()));
        let token = signer.sign(Purpose::Cookie, claims, now());
        let secure = if secure { "; Secure" } else { "" };
        format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={MAX_AGE}{secure}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_data() {
        let signer = Signer::new(b"k");
        let mut session = CookieSession::fresh();
        session.data.insert("user", "ada");
        let set_cookie = session.to_set_cookie(&signer, false);
        assert!(!set_cookie.contains("Secure"));
        assert!(session.to_set_cookie(&signer, true).ends_with("; Secure"));
        let pair = set_cookie.split(';').next().expect("pair");
        let header = format!("other=1; {pair}");
        let back = CookieSession::from_header(&signer, &header).expect("valid cookie");
        assert_eq!(back.csrf_secret, session.csrf_secret);
        assert_eq!(back.data.get("user"), Some(&Value::from("ada")));
        assert!(CookieSession::from_header(&Signer::new(b"other"), &header).is_none());
        assert_eq!(cookie_value("a=1; b=2", "b"), Some("2"));
    }
}
