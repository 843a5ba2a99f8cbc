//! The token of a long-poll session: the session's random id, signed, so a client can only
//! poll or post to a session the server handed to it.

use serde_json::{Map, Value};

use crate::security::token::{now, Purpose, Signer};

/// A session token stays valid this long, in seconds. An older one is answered "session gone"
/// (the client then opens a new session and rejoins its views).
const MAX_AGE: u64 = 24 * 3600;

/// Signs the token naming session `id`.
pub(crate) fn sign(signer: &Signer, id: &str) -> String {
    let mut claims = Map::new();
    claims.insert("sid".into(), id.into());
    signer.sign(Purpose::LongPoll, claims, now())
}

/// The session id in `token`, when the token is ours, for a long-poll session, and not expired.
pub(crate) fn verify(signer: &Signer, token: &str) -> Option<String> {
    let claims = signer
        .verify(Purpose::LongPoll, token, MAX_AGE, now())
        .ok()?;
    match claims.get("sid") {
        Some(Value::String(id)) => Some(id.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let signer = Signer::new(b"secret");
        let token = sign(&signer, "abc");
        assert_eq!(verify(&signer, &token).as_deref(), Some("abc"));
        assert_eq!(verify(&Signer::new(b"other"), &token), None);
        let view = signer.sign(Purpose::ViewSession, Map::new(), now());
        assert_eq!(verify(&signer, &view), None, "a token of another purpose");
        assert_eq!(verify(&signer, "garbage"), None);
    }
}
