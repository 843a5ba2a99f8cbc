//! Flash tokens: a view's flash signed into `redirect`/`live_redirect` payloads and the
//! `__phoenix_flash__` cookie, so it survives the navigation (docs/protocol.md §5.6).

use live_core::Flash;
use serde_json::{Map, Value};

use crate::security::token::{now, Purpose, Signer};

/// The cookie the client writes a redirect's flash token into.
pub(crate) const FLASH_COOKIE: &str = "__phoenix_flash__";

/// Flash tokens are short-lived: the navigation happens at once.
const MAX_AGE: u64 = 60;

/// The token for `flash`, or `None` when it is empty.
pub(crate) fn sign(signer: &Signer, flash: &Flash) -> Option<String> {
    if flash.is_empty() {
        return None;
    }
    let mut claims = Map::new();
    claims.insert("flash".into(), flash.to_json());
    Some(signer.sign(Purpose::Flash, claims, now()))
}

/// The flash in `token`; an invalid or expired token gives an empty flash (and a log line).
pub(crate) fn verify(signer: &Signer, token: &str) -> Flash {
    match signer.verify(Purpose::Flash, token, MAX_AGE, now()) {
        Ok(claims) => Flash::from_json(claims.get("flash").unwrap_or(&Value::Null)),
        Err(err) => {
            tracing::info!("ignoring flash token: {err}");
            Flash::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let signer = Signer::new(b"k");
        let mut flash = Flash::default();
        assert_eq!(sign(&signer, &flash), None);
        flash.put("info", "Saved");
        let token = sign(&signer, &flash).expect("non-empty flash");
        assert_eq!(verify(&signer, &token), flash);
        assert_eq!(verify(&signer, "bogus"), Flash::default());
    }
}
