//! Server configuration: the signing secret, limits and page options.

use std::time::Duration;

use crate::security::origin::Origin;

/// The built-in development secret. Public, so anyone can forge tokens signed with it: used
/// only by [`Config::insecure_dev_secret`] and, in development mode, by [`Config::from_env`]
/// when `LIVE_SECRET_KEY_BASE` is not set.
const DEV_SECRET: &str = "live-development-secret-do-not-use-in-production-0123456789abcdef";

/// The shortest secret accepted, in bytes.
pub(crate) const MIN_SECRET_BYTES: usize = 32;

/// The security headers every response carries unless configured otherwise.
const DEFAULT_SECURITY_HEADERS: [(&str, &str); 3] = [
    ("x-frame-options", "SAMEORIGIN"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
];

/// Where the signing secret came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SecretSource {
    /// Given by the application or `LIVE_SECRET_KEY_BASE`.
    Given,
    /// `LIVE_SECRET_KEY_BASE` was not set: the development secret, refused outside development.
    Missing,
    /// [`Config::insecure_dev_secret`]: the development secret, asked for explicitly.
    InsecureDev,
}

/// Configuration of a live server.
///
/// ```
/// use live_server::Config;
/// let config = Config::new("a secret of at least 32 bytes, from your vault")
///     .title("My app")
///     .max_message_bytes(256 * 1024);
/// assert_eq!(config.page_title(), "My app");
/// ```
#[derive(Clone)]
pub struct Config {
    pub(crate) secret: Vec<u8>,
    /// Secrets that signed earlier tokens: they still verify, never sign.
    pub(crate) previous_secrets: Vec<Vec<u8>>,
    secret_source: SecretSource,
    pub(crate) max_message_bytes: usize,
    pub(crate) title: String,
    /// The public origin first (when set), then the other allowed ones.
    pub(crate) allowed_origins: Vec<Origin>,
    /// Origins given that do not parse; `bind` refuses to start with any.
    pub(crate) invalid_origins: Vec<String>,
    /// Development mode: the `Host`-header origin fallback.
    pub(crate) development: bool,
    pub(crate) head_html: String,
    /// Link the bundled stylesheet (`/assets/live.css`) from every page.
    pub(crate) stylesheet: bool,
    /// The Redis whose PubSub the server shares with other nodes (`None`: in-process).
    pub(crate) redis_url: Option<String>,
    /// How long a stopping server waits for its connections to finish.
    pub(crate) shutdown_grace: Duration,
    pub(crate) longpoll_max_sessions: usize,
    pub(crate) longpoll_idle_timeout: Duration,
    pub(crate) longpoll_poll_timeout: Duration,
    /// The path prefix the application is mounted under (`""` at the root, else `"/dash"`).
    pub(crate) mount_path: String,
    pub(crate) header_read_timeout: Duration,
    pub(crate) body_read_timeout: Duration,
    pub(crate) max_body_bytes: usize,
    pub(crate) max_connections_per_client: usize,
    pub(crate) max_connections: usize,
    /// `None`: secure exactly when the public origin is `https`.
    pub(crate) secure_cookies: Option<bool>,
    /// Headers added to every response that does not set them itself.
    pub(crate) security_headers: Vec<(String, String)>,
    /// The Content-Security-Policy, `{nonce}` standing for each response's nonce.
    pub(crate) content_security_policy: Option<String>,
    /// Pages reload themselves when the server restarts.
    pub(crate) live_reload: bool,
    /// A WebSocket with no frame from its client for this long is closed.
    pub(crate) socket_idle_timeout: Duration,
    /// A WebSocket write that does not complete in this long closes the socket.
    pub(crate) socket_write_timeout: Duration,
    /// Messages per second a client may send on average (bursts of twice as many).
    pub(crate) max_client_messages_per_second: u32,
    /// Where uploads are received (see [`Config::upload_dir`]).
    pub(crate) upload_dir: std::path::PathBuf,
    /// Where persisted views keep their snapshots.
    pub(crate) snapshot_store: std::sync::Arc<dyn crate::persist::SnapshotStore>,
    /// A larger snapshot is not stored (the view then mounts fresh after a reconnect).
    pub(crate) max_snapshot_bytes: usize,
    /// Text around every page title (`live_title`'s prefix and suffix).
    pub(crate) title_prefix: String,
    pub(crate) title_suffix: String,
    /// The application's root layout (else the default document).
    pub(crate) root_layout: Option<crate::RootLayout>,
    /// Options of the page's LiveSocket, set from Rust.
    pub(crate) live_socket_options: serde_json::Map<String, serde_json::Value>,
    /// Read the client's address from `X-Forwarded-For`/`Forwarded` (behind a proxy).
    pub(crate) trust_proxy: bool,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("secret", &"..")
            .field("previous_secrets", &self.previous_secrets.len())
            .field("secret_source", &self.secret_source)
            .field("max_message_bytes", &self.max_message_bytes)
            .field("title", &self.title)
            .field("allowed_origins", &self.allowed_origins)
            .field("invalid_origins", &self.invalid_origins)
            .field("development", &self.development)
            .field("head_html", &self.head_html)
            .field("stylesheet", &self.stylesheet)
            .field("longpoll_max_sessions", &self.longpoll_max_sessions)
            .field("longpoll_idle_timeout", &self.longpoll_idle_timeout)
            .field("longpoll_poll_timeout", &self.longpoll_poll_timeout)
            .field("mount_path", &self.mount_path)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("body_read_timeout", &self.body_read_timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .field(
                "max_connections_per_client",
                &self.max_connections_per_client,
            )
            .field("max_connections", &self.max_connections)
            .field("secure_cookies", &self.secure_cookies)
            .field("security_headers", &self.security_headers)
            .field("content_security_policy", &self.content_security_policy)
            .field("live_reload", &self.live_reload)
            .field("socket_idle_timeout", &self.socket_idle_timeout)
            .field("socket_write_timeout", &self.socket_write_timeout)
            .field(
                "max_client_messages_per_second",
                &self.max_client_messages_per_second,
            )
            .field("upload_dir", &self.upload_dir)
            .field("max_snapshot_bytes", &self.max_snapshot_bytes)
            .field("title_prefix", &self.title_prefix)
            .field("title_suffix", &self.title_suffix)
            .field("root_layout", &self.root_layout.is_some())
            .field("live_socket_options", &self.live_socket_options)
            .field("trust_proxy", &self.trust_proxy)
            .finish()
    }
}

impl Config {
    /// A configuration signing with `secret`: at least 32 random bytes (a shorter one makes
    /// [`Server::bind`](crate::Server::bind) fail, it is never replaced).
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault");
    /// # let _ = config;
    /// ```
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        Config {
            secret: secret.as_ref().to_vec(),
            previous_secrets: Vec::new(),
            secret_source: SecretSource::Given,
            max_message_bytes: 1024 * 1024,
            title: "live".to_owned(),
            allowed_origins: Vec::new(),
            invalid_origins: Vec::new(),
            development: cfg!(debug_assertions),
            head_html: String::new(),
            stylesheet: true,
            redis_url: None,
            shutdown_grace: Duration::from_secs(10),
            longpoll_max_sessions: 10_000,
            longpoll_idle_timeout: Duration::from_secs(15),
            longpoll_poll_timeout: Duration::from_secs(8),
            mount_path: String::new(),
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            max_body_bytes: 64 * 1024,
            max_connections_per_client: 256,
            max_connections: 10_000,
            secure_cookies: None,
            security_headers: DEFAULT_SECURITY_HEADERS
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
            content_security_policy: None,
            live_reload: false,
            socket_idle_timeout: Duration::from_secs(60),
            socket_write_timeout: Duration::from_secs(10),
            max_client_messages_per_second: 500,
            upload_dir: crate::upload::dir::UploadDir::default_path(),
            snapshot_store: std::sync::Arc::new(crate::persist::MemoryStore::default()),
            max_snapshot_bytes: 64 * 1024,
            title_prefix: String::new(),
            title_suffix: String::new(),
            root_layout: None,
            live_socket_options: serde_json::Map::new(),
            trust_proxy: false,
        }
    }

    /// Where views marked `#[live(persist)]` keep their state between a client's joins (see
    /// [`crate::persist`]); the default is a [`MemoryStore`](crate::persist::MemoryStore) (one
    /// hour, 10 000 views), which survives reconnects but not a restart of the process. A
    /// [`FileStore`](crate::persist::FileStore) survives restarts.
    ///
    /// ```
    /// use std::time::Duration;
    /// let store = live_server::persist::MemoryStore::new(Duration::from_secs(600), 1000);
    /// let config = live_server::Config::insecure_dev_secret().snapshot_store(store);
    /// # let _ = config;
    /// ```
    pub fn snapshot_store(mut self, store: impl crate::persist::SnapshotStore) -> Self {
        self.snapshot_store = std::sync::Arc::new(store);
        self
    }

    /// The largest snapshot of a persisted view that is stored (default 64 KiB); a view whose
    /// state grows past it is not persisted until it shrinks (a warning is logged).
    ///
    /// ```
    /// let config = live_server::Config::insecure_dev_secret().max_snapshot_bytes(16 * 1024);
    /// # let _ = config;
    /// ```
    pub fn max_snapshot_bytes(mut self, bytes: usize) -> Self {
        self.max_snapshot_bytes = bytes;
        self
    }

    /// Reads the secret from `LIVE_SECRET_KEY_BASE` (and one previous secret, still accepted
    /// while sessions signed with it expire, from `LIVE_PREVIOUS_SECRET_KEY_BASE`), the
    /// [public origin](Config::public_origin) from `LIVE_PUBLIC_ORIGIN` and the
    /// [Redis](Config::redis_url) from `LIVE_REDIS_URL` when set.
    ///
    /// Without `LIVE_SECRET_KEY_BASE`, the configuration holds the public development secret:
    /// in development mode (debug builds) the server starts with a loud warning; otherwise
    /// [`Server::bind`](crate::Server::bind) refuses to start. A secret shorter than 32 bytes
    /// is refused, never replaced.
    ///
    /// ```
    /// let config = live_server::Config::from_env().title("Demo");
    /// # let _ = config;
    /// ```
    pub fn from_env() -> Self {
        let mut config = match std::env::var("LIVE_SECRET_KEY_BASE") {
            Ok(secret) => Config::new(secret),
            Err(_) => Config {
                secret_source: SecretSource::Missing,
                ..Config::new(DEV_SECRET)
            },
        };
        if let Ok(previous) = std::env::var("LIVE_PREVIOUS_SECRET_KEY_BASE") {
            config = config.previous_secret(previous);
        }
        if let Ok(origin) = std::env::var("LIVE_PUBLIC_ORIGIN") {
            config = config.public_origin(origin);
        }
        if let Ok(url) = std::env::var("LIVE_REDIS_URL") {
            if !url.is_empty() {
                config = config.redis_url(url);
            }
        }
        if std::env::var("LIVE_RELOAD").is_ok_and(|v| v == "1") {
            config = config.live_reload(true);
        }
        config
    }

    /// A configuration on the built-in development secret, which is public: anyone can forge
    /// sessions for a server using it. For demos and tests only; the server logs a warning
    /// when it starts, in every build.
    ///
    /// ```
    /// let config = live_server::Config::insecure_dev_secret().title("Local demo");
    /// # let _ = config;
    /// ```
    pub fn insecure_dev_secret() -> Self {
        Config {
            secret_source: SecretSource::InsecureDev,
            ..Config::new(DEV_SECRET)
        }
    }

    /// Adds a secret that signed earlier tokens (key rotation): tokens and cookies signed
    /// with it still verify; everything new is signed with the current secret. Repeated calls
    /// add more; each must be at least 32 bytes.
    ///
    /// ```
    /// let config = live_server::Config::new("the new secret, at least 32 bytes long....")
    ///     .previous_secret("the old secret, still accepted for a while");
    /// # let _ = config;
    /// ```
    pub fn previous_secret(mut self, secret: impl AsRef<[u8]>) -> Self {
        self.previous_secrets.push(secret.as_ref().to_vec());
        self
    }

    /// The directory uploads are received into (default: `live-uploads` in the system's
    /// temporary directory). Each entry's file is deleted when its entry goes (consumed,
    /// cancelled, failed, or with its view); files left by a server process that no longer
    /// runs are deleted when the server starts. Upload chunks travel as WebSocket messages, so
    /// an upload's `chunk_size` must stay within [`max_message_bytes`](Config::max_message_bytes).
    ///
    /// ```
    /// let config = live_server::Config::insecure_dev_secret().upload_dir("/var/tmp/my-app-uploads");
    /// # let _ = config;
    /// ```
    pub fn upload_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.upload_dir = dir.into();
        self
    }

    /// The largest WebSocket message accepted (default 1 MiB). A bigger one closes that
    /// connection with code 1009. It also bounds the body of a long-poll `POST` (one batch of
    /// messages); a bigger body ends that long-poll session.
    pub fn max_message_bytes(mut self, bytes: usize) -> Self {
        self.max_message_bytes = bytes;
        self
    }

    /// The `<title>` of the pages whose view sets none (a view sets its own with
    /// [`Socket::set_page_title`](live_core::Socket::set_page_title) in `mount` or
    /// `handle_params`: it is in the first HTTP render, for crawlers and link previews).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Text put before every page title, also the ones a view sets later (Phoenix's
    /// `<.live_title prefix=…>`): the `<title>` carries it as `data-prefix` for the client.
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .title_prefix("Acme · ")
    ///     .title_suffix(" (beta)");
    /// # let _ = config;
    /// ```
    pub fn title_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.title_prefix = prefix.into();
        self
    }

    /// Text put after every page title (`data-suffix`); see [`Config::title_prefix`].
    pub fn title_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.title_suffix = suffix.into();
        self
    }

    /// The HTML document every live page is rendered in (see [`RootLayout`](crate::RootLayout)),
    /// instead of the default one; a live session can have its own
    /// ([`Router::root_layout`](crate::Router::root_layout)).
    ///
    /// ```
    /// use live_server::{Config, RootLayout};
    /// let config = Config::new("a secret of at least 32 bytes, from your vault").root_layout(
    ///     RootLayout::new(|page| format!(
    ///         "<!DOCTYPE html><html><head>{}{}</head><body class=\"app\">{}</body></html>",
    ///         page.title_tag(), page.head(), page.body()
    ///     )),
    /// );
    /// # let _ = config;
    /// ```
    pub fn root_layout(mut self, layout: crate::RootLayout) -> Self {
        self.root_layout = Some(layout);
        self
    }

    /// Sets the option `name` of the page's `LiveSocket` (the official client's options:
    /// `reloadJitterMin`, `reloadJitterMax`, `maxReloads`, `failsafeJitter`,
    /// `longPollFallbackMs`, `loaderTimeout`, `disconnectedTimeout`, …): any JSON value. The
    /// page carries them as JSON in `<meta name="live-socket-options">`, which the bundled
    /// client reads when it starts; a script of the page (in [`Config::head_html`] or the root layout) may set
    /// `window.liveSocketOptions` for options that are functions (`dom`, `params`, `metadata`,
    /// `hooks`), which win over the ones set here. `params` are merged with the CSRF token and
    /// `hooks` with `window.liveHooks`.
    ///
    /// ```
    /// use serde_json::json;
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .live_socket_option("maxReloads", json!(3))
    ///     .live_socket_option("reloadJitterMin", json!(100));
    /// # let _ = config;
    /// ```
    pub fn live_socket_option(mut self, name: &str, value: serde_json::Value) -> Self {
        self.live_socket_options.insert(name.to_owned(), value);
        self
    }

    /// Trusts the `X-Forwarded-For` header (and `Forwarded: for=`) for the client's address in
    /// [`RequestInfo`](crate::RequestInfo): turn it on only behind a proxy that sets it (and
    /// strips what clients send), otherwise any client can claim any address. Off by default:
    /// the address is the TCP peer's.
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .trust_proxy(true);
    /// # let _ = config;
    /// ```
    pub fn trust_proxy(mut self, on: bool) -> Self {
        self.trust_proxy = on;
        self
    }

    /// The page title set with [`Config::title`].
    pub fn page_title(&self) -> &str {
        &self.title
    }

    /// The origin users reach the app at (`scheme://host[:port]`, e.g.
    /// `"https://example.com"`): WebSocket upgrades must come from it (or another
    /// [`allow_origin`](Config::allow_origin)), compared on scheme, host and port, and pages
    /// see their URL under it. Without any configured origin, development mode falls back to
    /// "same host and port as the `Host` header"; outside development every browser upgrade is
    /// refused. An origin that does not parse makes [`Server::bind`](crate::Server::bind) fail.
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .public_origin("https://example.com");
    /// # let _ = config;
    /// ```
    pub fn public_origin(mut self, origin: impl AsRef<str>) -> Self {
        match Origin::parse(origin.as_ref()) {
            Some(origin) => self.allowed_origins.insert(0, origin),
            None => self.invalid_origins.push(origin.as_ref().to_owned()),
        }
        self
    }

    /// Also allows WebSocket connections from `origin` (e.g. `"https://admin.example.com"`),
    /// compared on scheme, host and port like [`public_origin`](Config::public_origin).
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .public_origin("https://example.com")
    ///     .allow_origin("https://www.example.com");
    /// # let _ = config;
    /// ```
    pub fn allow_origin(mut self, origin: impl AsRef<str>) -> Self {
        match Origin::parse(origin.as_ref()) {
            Some(origin) => self.allowed_origins.push(origin),
            None => self.invalid_origins.push(origin.as_ref().to_owned()),
        }
        self
    }

    /// Development mode (default: on in debug builds, off in release builds). It allows the
    /// `Host`-header origin fallback when no origin is configured; never turn it on for a
    /// server reachable from other machines.
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .development(false);
    /// # let _ = config;
    /// ```
    pub fn development(mut self, on: bool) -> Self {
        self.development = on;
        self
    }

    /// Live reload (default off; [`from_env`](Config::from_env) turns it on with
    /// `LIVE_RELOAD=1`): each page polls the server and reloads itself when the server answering
    /// is another process, i.e. after a restart with new code (`cargo watch -x run`). Development
    /// mode also turns a view's failed first render into an error page with its place and
    /// backtrace.
    ///
    /// ```
    /// let config = live_server::Config::insecure_dev_secret().live_reload(true);
    /// # let _ = config;
    /// ```
    pub fn live_reload(mut self, on: bool) -> Self {
        self.live_reload = on;
        self
    }

    /// How long a WebSocket may stay silent (not even a heartbeat; the official client sends one
    /// every 30 s) before the server closes it. Default 60 s.
    ///
    /// ```
    /// let config = live_server::Config::insecure_dev_secret()
    ///     .socket_idle_timeout(std::time::Duration::from_secs(90));
    /// # let _ = config;
    /// ```
    pub fn socket_idle_timeout(mut self, timeout: Duration) -> Self {
        self.socket_idle_timeout = timeout;
        self
    }

    /// How long one write to a client may wait (a client that stops reading fills its socket
    /// buffers and stalls our writes) before the server drops the connection: HTTP responses and
    /// WebSocket frames alike. Default 10 s.
    ///
    /// ```
    /// let config = live_server::Config::insecure_dev_secret()
    ///     .socket_write_timeout(std::time::Duration::from_secs(5));
    /// # let _ = config;
    /// ```
    pub fn socket_write_timeout(mut self, timeout: Duration) -> Self {
        self.socket_write_timeout = timeout;
        self
    }

    /// How many messages per second one client connection may send on average, with bursts of
    /// twice as many (default 500; a person typing sends a few dozen). A client over it is
    /// disconnected with close code 1008; its views rejoin when it reconnects.
    ///
    /// ```
    /// let config = live_server::Config::insecure_dev_secret().max_client_messages_per_second(200);
    /// # let _ = config;
    /// ```
    pub fn max_client_messages_per_second(mut self, messages: u32) -> Self {
        self.max_client_messages_per_second = messages;
        self
    }

    /// The first configured origin, as `scheme://host[:port]`.
    pub(crate) fn public_url(&self) -> Option<String> {
        self.allowed_origins.first().map(Origin::to_url)
    }

    /// The most connections (HTTP and WebSocket) one client may hold open at once (default
    /// 256). Counted at accept by the peer address (IPv6 by its /64 prefix); a connection over
    /// the limit is closed at once. Behind a reverse proxy every client shares the proxy's
    /// address: raise this limit there and let the proxy limit clients.
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .max_connections_per_client(64);
    /// # let _ = config;
    /// ```
    pub fn max_connections_per_client(mut self, connections: usize) -> Self {
        self.max_connections_per_client = connections;
        self
    }

    /// The most connections the server holds open at once (default 10,000); over it, a new
    /// connection is closed at once.
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .max_connections(50_000);
    /// # let _ = config;
    /// ```
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections;
        self
    }

    /// Whether cookies carry the `Secure` attribute (sent over HTTPS only). Default: on
    /// exactly when the [`public_origin`](Config::public_origin) is `https`.
    ///
    /// ```
    /// // Behind a TLS-terminating proxy whose origin is not configured:
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .secure_cookies(true);
    /// # let _ = config;
    /// ```
    pub fn secure_cookies(mut self, secure: bool) -> Self {
        self.secure_cookies = Some(secure);
        self
    }

    /// Whether cookies are written with `Secure`.
    pub(crate) fn cookies_secure(&self) -> bool {
        self.secure_cookies.unwrap_or_else(|| {
            self.allowed_origins
                .first()
                .is_some_and(|origin| origin.to_url().starts_with("https://"))
        })
    }

    /// Sets the security header `name` to `value` on every response that does not set it
    /// itself, replacing the default of that name. The defaults are
    /// `x-frame-options: SAMEORIGIN`, `x-content-type-options: nosniff` and
    /// `referrer-policy: strict-origin-when-cross-origin`; an empty `value` removes the header.
    /// A name or value that is not a valid header makes [`Server::bind`](crate::Server::bind)
    /// fail.
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .security_header("x-frame-options", "DENY")
    ///     .security_header("referrer-policy", "");
    /// # let _ = config;
    /// ```
    pub fn security_header(mut self, name: &str, value: impl Into<String>) -> Self {
        let name = name.to_ascii_lowercase();
        let value = value.into();
        self.security_headers.retain(|(n, _)| *n != name);
        if !value.is_empty() {
            self.security_headers.push((name, value));
        }
        self
    }

    /// A Content-Security-Policy for every response. `{nonce}` in `policy` stands for a fresh
    /// random nonce per response; on pages, the client bundle's `<script>` carries it, and so
    /// can inline scripts of [`head_html`](Config::head_html), where `{nonce}` is replaced too.
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .content_security_policy("default-src 'self'; script-src 'nonce-{nonce}'; frame-ancestors 'self'")
    ///     .head_html(r#"<script nonce="{nonce}">window.liveHooks = {}</script>"#);
    /// # let _ = config;
    /// ```
    pub fn content_security_policy(mut self, policy: impl Into<String>) -> Self {
        self.content_security_policy = Some(policy.into());
        self
    }

    /// Shares the server's PubSub (and so [`Presence`](crate::pubsub::Presence)) with every
    /// node using the Redis at `url` (`redis://host:port/db`; also `LIVE_REDIS_URL`). Needs
    /// live-server's cargo feature `redis`: without it [`Server::bind`](crate::Server::bind)
    /// refuses to start rather than silently keep broadcasts in one process.
    ///
    /// ```
    /// let config = live_server::Config::from_env().redis_url("redis://127.0.0.1:6379/");
    /// assert_eq!(config.redis(), Some("redis://127.0.0.1:6379/"));
    /// ```
    pub fn redis_url(mut self, url: impl Into<String>) -> Self {
        self.redis_url = Some(url.into());
        self
    }

    /// The Redis URL set by [`redis_url`](Config::redis_url) or `LIVE_REDIS_URL`.
    ///
    /// ```
    /// assert_eq!(live_server::Config::insecure_dev_secret().redis(), None);
    /// ```
    pub fn redis(&self) -> Option<&str> {
        self.redis_url.as_deref()
    }

    /// How long a stopping server waits for its views to finish their current event and run
    /// `terminate` before it returns anyway (default 10 s; see
    /// [`BoundServer::serve_with_shutdown`](crate::BoundServer::serve_with_shutdown)).
    ///
    /// ```
    /// let config = live_server::Config::from_env().shutdown_grace(std::time::Duration::from_secs(3));
    /// # let _ = config;
    /// ```
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// Checks the configuration before the server starts: a real secret (or the development
    /// one where allowed), secrets of at least 32 bytes, origins that parse.
    pub(crate) fn validate(&self) -> std::io::Result<()> {
        let refuse = |message: String| {
            Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                message,
            ))
        };
        let dev_secret = self.secret == DEV_SECRET.as_bytes();
        match self.secret_source {
            SecretSource::InsecureDev => tracing::warn!(
                "signing with the public DEVELOPMENT secret (Config::insecure_dev_secret): \
                 anyone can forge sessions; never expose this server"
            ),
            SecretSource::Missing | SecretSource::Given if dev_secret && !self.development => {
                return refuse(
                    "no secret: set LIVE_SECRET_KEY_BASE to at least 32 random bytes \
                     (or use Config::insecure_dev_secret() for a demo)"
                        .to_owned(),
                )
            }
            SecretSource::Missing | SecretSource::Given if dev_secret => tracing::warn!(
                "LIVE_SECRET_KEY_BASE is not set: signing sessions with the public DEVELOPMENT \
                 secret (development mode only; a release build refuses to start like this)"
            ),
            SecretSource::Missing | SecretSource::Given => {}
        }
        if self.secret.len() < MIN_SECRET_BYTES {
            return refuse(format!(
                "the secret is {} bytes; at least {MIN_SECRET_BYTES} are required",
                self.secret.len()
            ));
        }
        if let Some(short) = self
            .previous_secrets
            .iter()
            .find(|s| s.len() < MIN_SECRET_BYTES)
        {
            return refuse(format!(
                "a previous secret is {} bytes; at least {MIN_SECRET_BYTES} are required",
                short.len()
            ));
        }
        if self.redis_url.is_some() && !cfg!(feature = "redis") {
            return refuse(
                "a Redis URL is configured (LIVE_REDIS_URL) but live-server was built without \
                 its `redis` feature"
                    .to_owned(),
            );
        }
        #[cfg(feature = "redis")]
        if let Some(url) = &self.redis_url {
            if let Err(err) = redis::Client::open(url.as_str()) {
                return refuse(format!("Redis URL {url:?} is unusable: {err}"));
            }
        }
        if let Some(bad) = self.invalid_origins.first() {
            return refuse(format!("origin {bad:?} is not scheme://host[:port]"));
        }
        for (name, value) in &self.security_headers {
            if hyper::header::HeaderName::from_bytes(name.as_bytes()).is_err()
                || hyper::header::HeaderValue::from_str(value).is_err()
            {
                return refuse(format!("invalid security header {name}: {value:?}"));
            }
        }
        let policy = self.content_security_policy.as_deref().unwrap_or("");
        if hyper::header::HeaderValue::from_str(policy).is_err() {
            return refuse(format!("invalid Content-Security-Policy {policy:?}"));
        }
        if self.allowed_origins.is_empty() && !self.development {
            tracing::warn!(
                "no public origin configured (Config::public_origin): browser WebSocket connections will be refused"
            );
        }
        Ok(())
    }

    /// Adds `html` to the `<head>` of every page, before the client bundle: the place for an
    /// app's hooks (`window.liveHooks`, read by the bundle when it starts), window event
    /// listeners, styles. Inserted verbatim (trusted markup, never user input); repeated calls
    /// append.
    ///
    /// ```
    /// use live_server::Config;
    /// let config = Config::new("a secret of at least 32 bytes, from your vault").head_html(
    ///     r#"<script>window.liveHooks = { Focus: { mounted() { this.el.focus() } } }</script>"#,
    /// );
    /// assert!(config.page_head_html().contains("liveHooks"));
    /// ```
    pub fn head_html(mut self, html: impl AsRef<str>) -> Self {
        self.head_html.push_str(html.as_ref());
        self
    }

    /// Whether every page links the bundled stylesheet (on by default): `live.css`, the plain
    /// CSS of the core components (`live_core::components`) in light and dark, served at
    /// `/assets/live.css` and, for the page's `<link>`, at `/assets/live-<digest>.css` (cached
    /// for good; a new version has a new name). Turn it off to style the same class names with
    /// your own CSS (linked through [`head_html`](Config::head_html)); it is still served.
    ///
    /// ```
    /// use live_server::Config;
    /// let config = Config::new("a secret of at least 32 bytes, from your vault").stylesheet(false);
    /// assert!(!config.links_stylesheet());
    /// ```
    pub fn stylesheet(mut self, on: bool) -> Self {
        self.stylesheet = on;
        self
    }

    /// Whether pages link the bundled stylesheet ([`Config::stylesheet`]).
    ///
    /// ```
    /// assert!(live_server::Config::new("a secret of at least 32 bytes, from your vault").links_stylesheet());
    /// ```
    pub fn links_stylesheet(&self) -> bool {
        self.stylesheet
    }

    /// Mounts the application under `prefix`, for axum's `nest_service(prefix, live)`, which
    /// hands live its requests with the prefix removed. The pages then load the client bundle
    /// from `{prefix}/assets/live.js` and connect to `{prefix}/live/websocket`, and the browser
    /// URLs the client sends at join and on live patches lose the prefix before routing.
    /// Paths a view navigates to (`push_patch`, `push_navigate`, links) are browser paths: write
    /// them with the prefix. Leave it unset for the standalone server and `fallback_service`.
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .mount_path("/dash/");
    /// assert_eq!(config.page_mount_path(), "/dash");
    /// ```
    pub fn mount_path(mut self, prefix: &str) -> Self {
        let trimmed = prefix.trim_matches('/');
        self.mount_path = if trimmed.is_empty() {
            String::new()
        } else {
            format!("/{trimmed}")
        };
        self
    }

    /// The prefix set with [`Config::mount_path`] (`""` when mounted at the root).
    ///
    /// ```
    /// assert_eq!(live_server::Config::new("a secret of at least 32 bytes, from your vault").page_mount_path(), "");
    /// ```
    pub fn page_mount_path(&self) -> &str {
        &self.mount_path
    }

    /// `path` (a browser path with an optional query) relative to the mount path: `/dash/a?b`
    /// gives `/a?b`, `/dash` gives `/`; `None` for a path outside the mount path.
    pub(crate) fn mounted_path<'a>(&self, path: &'a str) -> Option<std::borrow::Cow<'a, str>> {
        let rest = path.strip_prefix(self.mount_path.as_str())?;
        if rest.starts_with('/') {
            Some(rest.into())
        } else if rest.is_empty() || rest.starts_with('?') {
            Some(format!("/{rest}").into())
        } else {
            // `/dashboard` is not under `/dash`.
            None
        }
    }

    /// The extra `<head>` markup added with [`Config::head_html`].
    ///
    /// ```
    /// assert_eq!(live_server::Config::new("a secret of at least 32 bytes, from your vault").page_head_html(), "");
    /// ```
    pub fn page_head_html(&self) -> &str {
        &self.head_html
    }

    /// How long a client may take to send a request's headers (default 10 s), counted from the
    /// moment the server waits for them: on a new connection, and between the requests of a
    /// kept-alive one. A client that stalls (slowloris) is disconnected.
    ///
    /// ```
    /// use std::time::Duration;
    /// use live_server::Config;
    /// let config = Config::new("a secret of at least 32 bytes, from your vault")
    ///     .header_read_timeout(Duration::from_secs(5));
    /// # let _ = config;
    /// ```
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a client may take to send the whole body of a request the server reads (a
    /// plain `POST` route; default 30 s). A stalled body is answered `408 Request Timeout`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use live_server::Config;
    /// let config = Config::new("a secret of at least 32 bytes, from your vault")
    ///     .body_read_timeout(Duration::from_secs(5));
    /// # let _ = config;
    /// ```
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// The largest request body read for a plain `POST` route (default 64 KiB). A larger
    /// `Content-Length` is answered `413 Payload Too Large` before any of the body is read.
    ///
    /// ```
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .max_body_bytes(16 * 1024);
    /// # let _ = config;
    /// ```
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// The most long-poll sessions open at once (default 10,000). Beyond it, a client asking
    /// for a new session is answered status 500 and retries later.
    ///
    /// Long polling is the client's fallback when WebSockets are blocked (e.g. by a proxy that
    /// refuses the upgrade): it polls `GET /live/longpoll` and posts its messages there.
    ///
    /// ```
    /// use std::time::Duration;
    /// use live_server::Config;
    /// let config = Config::new("a secret of at least 32 bytes, from your vault")
    ///     .longpoll_max_sessions(500)
    ///     .longpoll_idle_timeout(Duration::from_secs(30))
    ///     .longpoll_poll_timeout(Duration::from_secs(5));
    /// assert_eq!(config.longpoll_limits(), (500, Duration::from_secs(30), Duration::from_secs(5)));
    /// ```
    pub fn longpoll_max_sessions(mut self, sessions: usize) -> Self {
        self.longpoll_max_sessions = sessions;
        self
    }

    /// How long a long-poll session lives without any request from its client (default 15 s);
    /// then it ends, and so do its views. The client polls again as soon as a poll is answered,
    /// so only a client that went away stays silent this long.
    ///
    /// ```
    /// use std::time::Duration;
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .longpoll_idle_timeout(Duration::from_secs(60));
    /// assert_eq!(config.longpoll_limits().1, Duration::from_secs(60));
    /// ```
    pub fn longpoll_idle_timeout(mut self, timeout: Duration) -> Self {
        self.longpoll_idle_timeout = timeout;
        self
    }

    /// How long a poll waits for messages before it is answered "nothing" (default 8 s). Keep it
    /// under every request time-out on the way: the client's `longpollerTimeout` (20 s by
    /// default), a proxy's read time-out, a tower `TimeoutLayer` (the axum example's is 10 s). A
    /// poll cut off by one of them makes the client drop its session and reconnect.
    ///
    /// ```
    /// use std::time::Duration;
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault")
    ///     .longpoll_poll_timeout(Duration::from_secs(2));
    /// assert_eq!(config.longpoll_limits().2, Duration::from_secs(2));
    /// ```
    pub fn longpoll_poll_timeout(mut self, timeout: Duration) -> Self {
        self.longpoll_poll_timeout = timeout;
        self
    }

    /// The long-poll limits: most sessions, idle time-out, poll time-out.
    ///
    /// ```
    /// use std::time::Duration;
    /// let config = live_server::Config::new("a secret of at least 32 bytes, from your vault");
    /// assert_eq!(config.longpoll_limits(), (10_000, Duration::from_secs(15), Duration::from_secs(8)));
    /// ```
    pub fn longpoll_limits(&self) -> (usize, Duration, Duration) {
        (
            self.longpoll_max_sessions,
            self.longpoll_idle_timeout,
            self.longpoll_poll_timeout,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Config;

    #[test]
    fn mounted_paths_lose_the_prefix() {
        let config =
            Config::new("a secret of at least 32 bytes, from your vault").mount_path("dash");
        assert_eq!(config.page_mount_path(), "/dash");
        let mounted = |path| config.mounted_path(path).map(|p| p.into_owned());
        assert_eq!(mounted("/dash/a?b=1").as_deref(), Some("/a?b=1"));
        assert_eq!(mounted("/dash").as_deref(), Some("/"));
        assert_eq!(mounted("/dash?x=1").as_deref(), Some("/?x=1"));
        assert_eq!(mounted("/dashboard"), None);
        assert_eq!(mounted("/other"), None);
        let root = Config::new("a secret of at least 32 bytes, from your vault").mount_path("/");
        assert_eq!(root.page_mount_path(), "");
        assert_eq!(root.mounted_path("/a").as_deref(), Some("/a"));
    }
}
