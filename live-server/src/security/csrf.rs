//! CSRF tokens: a per-session secret, handed to pages masked with fresh random bytes.
//!
//! The page's `<meta name="csrf-token">` carries `base64url(mask ‖ mask XOR secret)`; the client
//! sends it back as `_csrf_token` when it opens the socket. Masking makes every page's token
//! different while all of them unmask to the session's secret.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::security::token::random_bytes;

/// Length of the CSRF secret in bytes.
const SECRET_LEN: usize = 18;

/// A new random CSRF secret, base64url-encoded (stored in the session cookie).
pub(crate) fn new_secret() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<SECRET_LEN>())
}

/// A masked token for a page, from the session's secret.
pub(crate) fn mask(secret: &str) -> Option<String> {
    let secret = URL_SAFE_NO_PAD.decode(secret).ok()?;
    let mask = random_bytes::<SECRET_LEN>();
    if secret.len() != SECRET_LEN {
        return None;
    }
    let mut out = mask.to_vec();
    out.extend(secret.iter().zip(mask.iter()).map(|(s, m)| s ^ m));
    Some(URL_SAFE_NO_PAD.encode(out))
}

/// Whether the masked `token` from a client unmasks to `secret`, compared in constant time.
pub(crate) fn matches(secret: &str, token: &str) -> bool {
    let (Ok(secret), Ok(token)) = (
        URL_SAFE_NO_PAD.decode(secret),
        URL_SAFE_NO_PAD.decode(token),
    ) else {
        return false;
    };
    if secret.len() != SECRET_LEN || token.len() != 2 * SECRET_LEN {
        return false;
    }
    let (mask, masked) = token.split_at(SECRET_LEN);
    let difference = secret
        .iter()
        .zip(mask.iter().zip(masked))
        .fold(0u8, |acc, (s, (m, x))| acc | (s ^ m ^ x));
    difference == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_tokens_differ_but_match() {
        let secret = new_secret();
        let a = mask(&secret).expect("valid secret");
        let b = mask(&secret).expect("valid secret");
        assert_ne!(a, b);
        assert!(matches(&secret, &a));
        assert!(matches(&secret, &b));
        assert!(!matches(&new_secret(), &a));
        assert!(!matches(&secret, "not base64 !"));
        assert!(!matches(&secret, ""));
    }
}
