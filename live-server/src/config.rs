//! Server configuration: the signing secret, limits and page options.

use std::time::Duration;

/// The secret used when `LIVE_SECRET_KEY_BASE` is not set. Public, so only for development.
const DEV_SECRET: &str = "live-development-secret-do-not-use-in-production-0123456789abcdef";

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
    pub(crate) max_message_bytes: usize,
    pub(crate) title: String,
    pub(crate) allowed_origins: Vec<String>,
    pub(crate) head_html: String,
    pub(crate) longpoll_max_sessions: usize,
    pub(crate) longpoll_idle_timeout: Duration,
    pub(crate) longpoll_poll_timeout: Duration,
    /// The path prefix the application is mounted under (`""` at the root, else `"/dash"`).
    pub(crate) mount_path: String,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("secret", &"..")
            .field("max_message_bytes", &self.max_message_bytes)
            .field("title", &self.title)
            .field("allowed_origins", &self.allowed_origins)
            .field("head_html", &self.head_html)
            .field("longpoll_max_sessions", &self.longpoll_max_sessions)
            .field("longpoll_idle_timeout", &self.longpoll_idle_timeout)
            .field("longpoll_poll_timeout", &self.longpoll_poll_timeout)
            .field("mount_path", &self.mount_path)
            .finish()
    }
}

impl Config {
    /// A configuration signing with `secret` (use at least 32 random bytes).
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        Config {
            secret: secret.as_ref().to_vec(),
            max_message_bytes: 1024 * 1024,
            title: "live".to_owned(),
            allowed_origins: Vec::new(),
            head_html: String::new(),
            longpoll_max_sessions: 10_000,
            longpoll_idle_timeout: Duration::from_secs(15),
            longpoll_poll_timeout: Duration::from_secs(8),
            mount_path: String::new(),
        }
    }

    /// Reads the secret from `LIVE_SECRET_KEY_BASE`. Without it, falls back to a public
    /// development secret and logs a loud warning: sessions signed with it can be forged.
    pub fn from_env() -> Self {
        match std::env::var("LIVE_SECRET_KEY_BASE") {
            Ok(secret) if secret.len() >= 32 => Config::new(secret),
            Ok(_) => {
                tracing::warn!("LIVE_SECRET_KEY_BASE is shorter than 32 bytes; using the DEVELOPMENT secret instead");
                Config::new(DEV_SECRET)
            }
            Err(_) => {
                tracing::warn!(
                    "LIVE_SECRET_KEY_BASE is not set: signing sessions with the public DEVELOPMENT secret. \
                     Never run like this in production."
                );
                Config::new(DEV_SECRET)
            }
        }
    }

    /// The largest WebSocket message accepted (default 1 MiB). A bigger one closes that
    /// connection with code 1009. It also bounds the body of a long-poll `POST` (one batch of
    /// messages); a bigger body ends that long-poll session.
    pub fn max_message_bytes(mut self, bytes: usize) -> Self {
        self.max_message_bytes = bytes;
        self
    }

    /// The `<title>` of the pages.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The page title set with [`Config::title`].
    pub fn page_title(&self) -> &str {
        &self.title
    }

    /// Allows WebSocket connections from `origin` (e.g. `"https://example.com"`) besides the
    /// server's own host.
    pub fn allow_origin(mut self, origin: impl Into<String>) -> Self {
        self.allowed_origins.push(origin.into());
        self
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
