//! Signed tokens: JSON claims with an HMAC-SHA256 signature and an issue time.
//!
//! Format: `base64url(claims JSON) "." base64url(HMAC-SHA256(purpose key, base64url(claims)))`,
//! all without padding: ASCII, no `;`, `,`, spaces or quotes, so the client can copy it into
//! cookies raw (docs/protocol.md §2.4). Each purpose (session cookie, view session, static data,
//! flash) signs with its own key, derived from the secret and the purpose's label, so a token of
//! one kind never verifies as another.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// What a token is for; each purpose signs with a different key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// The HTTP session cookie (holds the CSRF secret and user session data).
    Cookie,
    /// A view's `data-phx-session`.
    ViewSession,
    /// A view's `data-phx-static`.
    ViewStatic,
    /// A flash carried across a navigation or redirect.
    Flash,
    /// The token naming a long-poll session.
    LongPoll,
    /// The token an upload channel joins with (one entry of one view's upload).
    Upload,
}

impl Purpose {
    fn label(self) -> &'static str {
        match self {
            Purpose::Cookie => "live cookie v1",
            Purpose::ViewSession => "live view session v1",
            Purpose::ViewStatic => "live view static v1",
            Purpose::Flash => "live flash v1",
            Purpose::LongPoll => "live long-poll session v1",
            Purpose::Upload => "live upload entry v1",
        }
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenError {
    /// Not two base64url parts, or the claims are not a JSON object.
    Malformed,
    /// The signature does not match (tampered, or signed with another key or purpose).
    BadSignature,
    /// Older than the allowed age.
    Expired,
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TokenError::Malformed => "malformed token",
            TokenError::BadSignature => "bad token signature",
            TokenError::Expired => "expired token",
        })
    }
}

/// Signs tokens with keys derived from the application secret, and verifies them with that
/// secret or any previous one (key rotation).
#[derive(Clone)]
pub(crate) struct Signer {
    secret: Vec<u8>,
    previous: Vec<Vec<u8>>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(..)")
    }
}

impl Signer {
    /// A signer with `secret` alone.
    #[cfg(test)]
    pub(crate) fn new(secret: &[u8]) -> Self {
        Signer::rotating(secret, &[])
    }

    /// A signer with `secret` that also accepts tokens signed with one of `previous`.
    pub(crate) fn rotating(secret: &[u8], previous: &[Vec<u8>]) -> Self {
        Signer {
            secret: secret.to_vec(),
            previous: previous.to_vec(),
        }
    }

    fn mac(&self, purpose: Purpose) -> HmacSha256 {
        Signer::mac_with(&self.secret, purpose)
    }

    fn mac_with(secret: &[u8], purpose: Purpose) -> HmacSha256 {
        let mut derive = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
        derive.update(purpose.label().as_bytes());
        let key = derive.finalize().into_bytes();
        HmacSha256::new_from_slice(&key).expect("HMAC takes keys of any length")
    }

    /// Signs `claims`, adding the issue time `iat` (seconds since the epoch).
    pub(crate) fn sign(
        &self,
        purpose: Purpose,
        mut claims: Map<String, Value>,
        now: u64,
    ) -> String {
        claims.insert("iat".into(), now.into());
        let body = URL_SAFE_NO_PAD.encode(Value::Object(claims).to_string());
        let mut mac = self.mac(purpose);
        mac.update(body.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{body}.{signature}")
    }

    /// Verifies `token` and returns its claims, refusing tokens older than `max_age` seconds.
    pub(crate) fn verify(
        &self,
        purpose: Purpose,
        token: &str,
        max_age: u64,
        now: u64,
    ) -> Result<Map<String, Value>, TokenError> {
        let (body, signature) = token.split_once('.').ok_or(TokenError::Malformed)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Malformed)?;
        let signed_by = |secret: &[u8]| {
            let mut mac = Signer::mac_with(secret, purpose);
            mac.update(body.as_bytes());
            mac.verify_slice(&signature).is_ok()
        };
        if !signed_by(&self.secret) && !self.previous.iter().any(|old| signed_by(old)) {
            return Err(TokenError::BadSignature);
        }
        let json = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| TokenError::Malformed)?;
        let claims: Map<String, Value> =
            serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
        let issued = claims
            .get("iat")
            .and_then(Value::as_u64)
            .ok_or(TokenError::Malformed)?;
        if now.saturating_sub(issued) > max_age {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `n` random bytes from a cryptographically secure generator: the thread's ChaCha generator,
/// seeded from the OS and reseeded from it periodically (`rand::rng`). A page render needs
/// several (CSRF secret and mask, view id, CSP nonce); one `getrandom` system call for each was
/// a visible part of the server's time per `GET` under load.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("id".into(), "phx-1".into());
        map
    }

    #[test]
    fn round_trip() {
        let signer = Signer::new(b"secret");
        let token = signer.sign(Purpose::ViewSession, claims(), 100);
        let back = signer
            .verify(Purpose::ViewSession, &token, 10, 105)
            .expect("valid token");
        assert_eq!(back.get("id"), Some(&Value::from("phx-1")));
        assert!(!token.contains([';', ',', ' ', '"']));
    }

    #[test]
    fn refuses_tampering_other_purposes_other_keys_and_age() {
        let signer = Signer::new(b"secret");
        let token = signer.sign(Purpose::ViewSession, claims(), 100);
        let mut tampered = token.clone().into_bytes();
        tampered[3] ^= 1;
        let tampered = String::from_utf8(tampered).expect("ascii");
        assert!(signer
            .verify(Purpose::ViewSession, &tampered, 10, 100)
            .is_err());
        assert_eq!(
            signer.verify(Purpose::ViewStatic, &token, 10, 100),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            Signer::new(b"other").verify(Purpose::ViewSession, &token, 10, 100),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            signer.verify(Purpose::ViewSession, &token, 10, 111),
            Err(TokenError::Expired)
        );
        assert_eq!(
            signer.verify(Purpose::ViewSession, "garbage", 10, 100),
            Err(TokenError::Malformed)
        );
    }

    #[test]
    fn previous_secrets_verify_and_never_sign() {
        let old = Signer::new(b"old secret");
        let rotated = Signer::rotating(b"new secret", &[b"old secret".to_vec()]);
        let from_old = old.sign(Purpose::Cookie, claims(), 100);
        assert!(rotated.verify(Purpose::Cookie, &from_old, 10, 100).is_ok());
        let from_rotated = rotated.sign(Purpose::Cookie, claims(), 100);
        assert!(Signer::new(b"new secret")
            .verify(Purpose::Cookie, &from_rotated, 10, 100)
            .is_ok());
        assert_eq!(
            old.verify(Purpose::Cookie, &from_rotated, 10, 100),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            rotated.verify(Purpose::ViewSession, &from_old, 10, 100),
            Err(TokenError::BadSignature)
        );
    }
}
