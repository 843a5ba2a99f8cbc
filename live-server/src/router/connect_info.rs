//! Connect info: which request extensions the router hands to `mount` (through
//! [`Session::connect_info`](live_core::Session::connect_info)), taken from the page's `GET` for
//! the static render and from the WebSocket upgrade for the connected mount.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use hyper::http::{Extensions, HeaderMap, HeaderName, HeaderValue};
use live_core::ConnectInfo;

/// A copy of `headers` without the session cookie whose values own their bytes.
///
/// hyper's header values are slices of the connection's read buffer (8 KiB and more): a plain
/// `clone` would keep that whole buffer alive for as long as a view keeps its connect info,
/// which is the life of the WebSocket (it was a third of an idle view's memory).
fn owned_headers(headers: &HeaderMap) -> HeaderMap {
    let mut owned = HeaderMap::with_capacity(headers.keys().filter(|n| kept(n)).count());
    for (name, value) in headers {
        if !kept(name) {
            continue;
        }
        if let Ok(mut copy) = HeaderValue::from_bytes(value.as_bytes()) {
            copy.set_sensitive(value.is_sensitive());
            owned.append(name.clone(), copy);
        }
    }
    owned
}

/// Whether a view sees the request header `name`: not the session cookie (it stays with the
/// server's own session handling), nor the headers of the WebSocket handshake itself
/// (`Connection`, `Upgrade`, `Sec-WebSocket-*`), which describe the transport, not the client,
/// and would be kept for the socket's whole life.
fn kept(name: &HeaderName) -> bool {
    use hyper::header::{
        CONNECTION, COOKIE, SEC_WEBSOCKET_EXTENSIONS, SEC_WEBSOCKET_KEY, SEC_WEBSOCKET_VERSION,
        UPGRADE,
    };
    ![
        COOKIE,
        CONNECTION,
        UPGRADE,
        SEC_WEBSOCKET_KEY,
        SEC_WEBSOCKET_VERSION,
        SEC_WEBSOCKET_EXTENSIONS,
    ]
    .contains(name)
}

/// The TCP peer of a request, put in its extensions by the standalone server.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PeerAddr(pub(crate) SocketAddr);

/// What the request in front of a mount says about the client (Phoenix's
/// `get_connect_info(socket, :peer_data | :user_agent | :x_headers)`): its address, its user
/// agent and its headers. The page's `GET` for the HTTP render, the WebSocket upgrade for the
/// connected mount. Every mount (and `on_mount` hook) reads it with
/// [`Session::connect_info`](live_core::Session::connect_info).
///
/// Behind a reverse proxy the TCP peer is the proxy: with
/// [`Config::trust_proxy`](crate::Config::trust_proxy) the address is the first hop of
/// `X-Forwarded-For` (or `Forwarded: for=`) instead.
///
/// ```
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
/// use live_server::RequestInfo;
///
/// #[derive(LiveView)]
/// struct Whoami { agent: String }
/// impl LiveView for Whoami {
///     type Info = ();
///     fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
///         let info = session.connect_info::<RequestInfo>();
///         let agent = info.and_then(|i| i.user_agent()).unwrap_or("unknown");
///         Ok(Whoami { agent: agent.to_owned() })
///     }
///     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@agent}</p> } }
/// }
/// # let _ = live_server::Router::new().live::<Whoami>("/");
/// ```
#[derive(Debug, Clone)]
pub struct RequestInfo {
    peer: Option<IpAddr>,
    headers: HeaderMap,
}

impl RequestInfo {
    /// The request's information: `peer` is the TCP peer (when known), replaced by the
    /// forwarded client address when `trust_proxy` is on and the request names one.
    pub(crate) fn new(peer: Option<IpAddr>, headers: &HeaderMap, trust_proxy: bool) -> Self {
        let forwarded = trust_proxy.then(|| forwarded_for(headers)).flatten();
        RequestInfo {
            peer: forwarded.or(peer),
            headers: owned_headers(headers),
        }
    }

    /// The client's address: the TCP peer, or the forwarded one behind a trusted proxy.
    /// `None` when the server was not told (e.g. inside axum without `ConnectInfo`).
    pub fn peer(&self) -> Option<IpAddr> {
        self.peer
    }

    /// The `User-Agent` header.
    pub fn user_agent(&self) -> Option<&str> {
        self.header("user-agent")
    }

    /// The first value of the header `name` (case-insensitive), when it is text. The `Cookie`
    /// header is left out.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `x-` headers (Phoenix's `:x_headers`), as name/value pairs.
    pub fn x_headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().filter_map(|(name, value)| {
            let name = name.as_str();
            name.starts_with("x-")
                .then(|| value.to_str().ok().map(|v| (name, v)))
                .flatten()
        })
    }
}

/// The client address a proxy forwarded: the first entry of `X-Forwarded-For`, else the first
/// `for=` of `Forwarded`; `None` when absent or not an address.
fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    if let Some(value) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
        return value.split(',').next()?.trim().parse().ok();
    }
    let value = headers.get("forwarded").and_then(|v| v.to_str().ok())?;
    let first = value.split(',').next()?;
    first.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        if !key.eq_ignore_ascii_case("for") {
            return None;
        }
        let value = value.trim_matches('"');
        // `for="[2001:db8::1]:4711"` or `for=192.0.2.60:80`.
        let host = match value.strip_prefix('[') {
            Some(rest) => rest.split(']').next()?,
            None => value.split(':').next()?,
        };
        host.parse().ok()
    })
}

/// The request info of a request: its peer (from the standalone server's extension) and
/// headers.
pub(crate) fn request_info(
    extensions: &Extensions,
    headers: &HeaderMap,
    trust_proxy: bool,
) -> RequestInfo {
    let peer = extensions.get::<PeerAddr>().map(|p| p.0.ip());
    RequestInfo::new(peer, headers, trust_proxy)
}

/// Copies one extension type from a request into the connect info.
pub(crate) type Copier = Arc<dyn Fn(&Extensions, &mut ConnectInfo) + Send + Sync>;

/// The copier of the extension type `T`.
pub(crate) fn copier<T: Clone + Send + Sync + 'static>() -> Copier {
    Arc::new(|extensions: &Extensions, info: &mut ConnectInfo| {
        if let Some(value) = extensions.get::<T>() {
            info.insert(value.clone());
        }
    })
}

/// The connect info `copiers` take from a request's `extensions`.
pub(crate) fn collect(copiers: &[Copier], extensions: &Extensions) -> ConnectInfo {
    let mut info = ConnectInfo::default();
    for copy in copiers {
        copy(extensions, &mut info);
    }
    info
}

#[cfg(test)]
mod tests {
    use super::{collect, copier, forwarded_for, RequestInfo};

    #[test]
    fn forwarded_addresses() {
        let mut headers = hyper::http::HeaderMap::new();
        assert_eq!(forwarded_for(&headers), None);
        headers.insert(
            "forwarded",
            "for=\"[2001:db8::1]:4711\";proto=https"
                .parse()
                .expect("header"),
        );
        assert_eq!(forwarded_for(&headers), "2001:db8::1".parse().ok());
        headers.insert(
            "forwarded",
            "For=192.0.2.60:80, for=10.0.0.1".parse().expect("header"),
        );
        assert_eq!(forwarded_for(&headers), "192.0.2.60".parse().ok());
        headers.insert(
            "x-forwarded-for",
            "203.0.113.7, 10.0.0.2".parse().expect("header"),
        );
        assert_eq!(forwarded_for(&headers), "203.0.113.7".parse().ok());
        headers.insert("x-forwarded-for", "junk".parse().expect("header"));
        assert_eq!(forwarded_for(&headers), None);
    }

    #[derive(Clone, Debug, PartialEq)]
    struct User(&'static str);

    #[test]
    fn copies_only_the_named_types_that_are_present() {
        let mut extensions = hyper::http::Extensions::new();
        extensions.insert(User("ada"));
        extensions.insert(5_u16);
        let info = collect(&[copier::<User>(), copier::<String>()], &extensions);
        assert_eq!(info.get::<User>(), Some(&User("ada")));
        assert_eq!(info.get::<u16>(), None, "not named by the router");
        assert_eq!(info.get::<String>(), None, "named but absent");
        assert_eq!(info.len(), 1);
    }

    #[test]
    fn request_info_keeps_the_client_headers_in_storage_of_its_own() {
        // One buffer holds every value, as hyper's parsed request does.
        let buffer = hyper::body::Bytes::from_static(b"agent/1.0ab=1; live=xyzkeyvalue");
        let value = |range: std::ops::Range<usize>| {
            hyper::http::HeaderValue::from_maybe_shared(buffer.slice(range)).expect("value")
        };
        let mut headers = hyper::http::HeaderMap::new();
        headers.insert("user-agent", value(0..9));
        headers.insert("x-team", value(9..10));
        headers.insert("cookie", value(10..22));
        headers.insert("sec-websocket-key", value(22..25));
        headers.insert("connection", value(25..30));
        headers.insert("upgrade", value(25..30));
        let info = RequestInfo::new(None, &headers, false);
        assert_eq!(info.user_agent(), Some("agent/1.0"));
        assert_eq!(info.x_headers().collect::<Vec<_>>(), [("x-team", "a")]);
        for left_out in ["cookie", "sec-websocket-key", "connection", "upgrade"] {
            assert_eq!(info.header(left_out), None, "{left_out}");
        }
        let kept = info.header("user-agent").expect("kept").as_ptr();
        let range = buffer.as_ptr_range();
        assert!(
            !range.contains(&kept),
            "the value is a copy, not a slice of the request's buffer"
        );
    }
}
