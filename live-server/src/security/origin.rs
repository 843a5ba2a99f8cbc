//! The `Origin` check of the WebSocket upgrade: scheme, host and port compared against the
//! configured public origins, so another site (or a DNS-rebinding page, whose `Host` header
//! names the attacker's domain) cannot open a socket with the user's cookies.

use hyper::header::{self, HeaderMap};

/// A parsed web origin: lowercase scheme and host, and the port (the scheme's default when
/// not written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// Parses `scheme://host[:port]` (a trailing `/` is allowed). `None` for anything else,
    /// for schemes other than `http`/`https` without an explicit port, and for `null`.
    pub(crate) fn parse(text: &str) -> Option<Origin> {
        let (scheme, rest) = text.trim().split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        {
            return None;
        }
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        let (host, port) = split_host_port(authority)?;
        let port = match port {
            Some(port) => port,
            None => default_port(&scheme)?,
        };
        Some(Origin { scheme, host, port })
    }

    /// `scheme://host[:port]`, the port written only when it is not the scheme's default.
    pub(crate) fn to_url(&self) -> String {
        if default_port(&self.scheme) == Some(self.port) {
            format!("{}://{}", self.scheme, self.host)
        } else {
            format!("{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

/// `host[:port]` (IPv6 hosts in brackets), the host lowercased; `None` when malformed (empty
/// host, user info, a path, a bad port).
fn split_host_port(authority: &str) -> Option<(String, Option<u16>)> {
    if authority.is_empty() || authority.contains(['/', '@', '?', '#', ' ', '\\']) {
        return None;
    }
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let host = format!("[{inside}]");
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host.to_owned(), Some(port)),
            None => (authority.to_owned(), None),
        }
    };
    if host.is_empty() || host == "[]" {
        return None;
    }
    let port = match port {
        Some(port) => Some(port.parse::<u16>().ok()?),
        None => None,
    };
    Some((host.to_ascii_lowercase(), port))
}

/// Whether the upgrade in `headers` may proceed. Without an `Origin` header (not a browser)
/// it may: the session cookie and CSRF token still guard the socket. With one, it must equal
/// one of `allowed`; when none is configured and `host_fallback` is on (development only), it
/// must be an `http`/`https` origin naming the same host and port as the `Host` header.
pub(crate) fn allowed(headers: &HeaderMap, allowed: &[Origin], host_fallback: bool) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Some(origin) = origin.to_str().ok().and_then(Origin::parse) else {
        return false;
    };
    if !allowed.is_empty() {
        return allowed.contains(&origin);
    }
    if !host_fallback || !matches!(origin.scheme.as_str(), "http" | "https") {
        return false;
    }
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .and_then(split_host_port)
        .is_some_and(|(host, port)| {
            host == origin.host && port.or(default_port(&origin.scheme)) == Some(origin.port)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    fn origin(text: &str) -> Option<Origin> {
        Origin::parse(text)
    }

    #[test]
    fn parses_scheme_host_and_port() {
        assert_eq!(
            origin("https://example.com"),
            origin("HTTPS://Example.COM:443/")
        );
        assert_eq!(
            origin("http://example.com"),
            origin("http://example.com:80")
        );
        assert_ne!(origin("http://example.com"), origin("https://example.com"));
        assert_ne!(
            origin("http://example.com:4000"),
            origin("http://example.com")
        );
        assert_eq!(origin("http://[::1]:4000").map(|o| o.port), Some(4000));
        assert_eq!(
            origin("https://example.com").map(|o| o.to_url()).as_deref(),
            Some("https://example.com")
        );
        assert_eq!(
            origin("http://127.0.0.1:4000")
                .map(|o| o.to_url())
                .as_deref(),
            Some("http://127.0.0.1:4000")
        );
        for bad in [
            "null",
            "",
            "example.com",
            "evil://host",
            "http://",
            "http://:80",
            "http://a:b",
            "http://a:99999",
            "http://user@host",
            "http://host/path",
            "http://[::1",
        ] {
            assert_eq!(origin(bad), None, "{bad}");
        }
        assert_eq!(
            origin("evil://host:80").map(|o| o.scheme),
            Some("evil".to_owned())
        );
    }

    fn headers(origin: &str, host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_str(origin).expect("value"),
        );
        headers.insert(header::HOST, HeaderValue::from_str(host).expect("value"));
        headers
    }

    #[test]
    fn configured_origins_ignore_the_host_header() {
        let configured = [Origin::parse("https://app.example").expect("origin")];
        let check = |o: &str, h: &str| allowed(&headers(o, h), &configured, true);
        assert!(check("https://app.example", "app.example"));
        assert!(check("https://APP.example:443", "app.example"));
        assert!(!check("http://app.example", "app.example"));
        assert!(!check("https://evil.example", "evil.example"));
        assert!(!check(
            "https://app.example.evil.example",
            "app.example.evil.example"
        ));
        assert!(!check("null", "app.example"));
        assert!(allowed(&HeaderMap::new(), &configured, false));
    }

    #[test]
    fn host_fallback_needs_a_web_scheme_and_development() {
        let check = |o: &str, h: &str, dev: bool| allowed(&headers(o, h), &[], dev);
        assert!(check("http://127.0.0.1:4000", "127.0.0.1:4000", true));
        assert!(check("http://localhost", "LOCALHOST:80", true));
        assert!(!check("http://127.0.0.1:4000", "127.0.0.1:4000", false));
        assert!(!check("evil://127.0.0.1:4000", "127.0.0.1:4000", true));
        assert!(!check("http://127.0.0.1:4001", "127.0.0.1:4000", true));
        assert!(!check("http://other:4000", "127.0.0.1:4000", true));
    }
}
