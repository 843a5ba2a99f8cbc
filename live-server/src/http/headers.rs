//! Security headers added to every response: the configured defaults and the optional
//! Content-Security-Policy with a fresh nonce per response.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hyper::header::{HeaderName, HeaderValue, CONTENT_SECURITY_POLICY};

use crate::config::Config;
use crate::http::HttpResponse;
use crate::security::token::random_bytes;

/// The placeholder replaced by the response's nonce in the policy and in `head_html`.
pub(crate) const NONCE_PLACEHOLDER: &str = "{nonce}";

/// A fresh CSP nonce: 16 random bytes, base64url.
pub(crate) fn new_nonce() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<16>())
}

/// Adds the configured security headers that `response` does not already carry, and the
/// Content-Security-Policy (with a fresh nonce) when one is configured and the response has
/// none yet (a page sets its own, matching the nonce its scripts carry).
pub(crate) fn apply(config: &Config, response: &mut HttpResponse) {
    if let Some(policy) = &config.content_security_policy {
        if !response.headers().contains_key(CONTENT_SECURITY_POLICY) {
            insert_policy(policy, &new_nonce(), response);
        }
    }
    let headers = response.headers_mut();
    for (name, value) in &config.security_headers {
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) else {
            continue; // `Config::validate` refused these before the server started
        };
        if !headers.contains_key(&name) {
            headers.insert(name, value);
        }
    }
}

/// Sets the Content-Security-Policy `policy` with `nonce` in place of `{nonce}`.
pub(crate) fn insert_policy(policy: &str, nonce: &str, response: &mut HttpResponse) {
    if let Ok(value) = HeaderValue::from_str(&policy.replace(NONCE_PLACEHOLDER, nonce)) {
        response
            .headers_mut()
            .insert(CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::Full;
    use hyper::body::Bytes;

    #[test]
    fn defaults_fill_in_and_never_override() {
        let config = Config::new("a secret of at least 32 bytes, for the tests")
            .security_header("x-frame-options", "DENY")
            .content_security_policy("script-src 'nonce-{nonce}'");
        let mut response = HttpResponse::new(Full::new(Bytes::new()));
        response
            .headers_mut()
            .insert("referrer-policy", HeaderValue::from_static("no-referrer"));
        apply(&config, &mut response);
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok());
        assert_eq!(header("x-frame-options"), Some("DENY"));
        assert_eq!(header("x-content-type-options"), Some("nosniff"));
        assert_eq!(header("referrer-policy"), Some("no-referrer"));
        let policy = header("content-security-policy").expect("a policy");
        assert!(
            policy.starts_with("script-src 'nonce-") && !policy.contains("{nonce}"),
            "{policy}"
        );
        assert_ne!(new_nonce(), new_nonce());
    }
}
