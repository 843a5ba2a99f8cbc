//! The client bundle: the official `phoenix` and `phoenix_live_view` packages plus our glue
//! (`client/src/app.js`), built by esbuild into `live-server/assets/live.js` and committed, so
//! building this crate needs neither Node nor npm. `scripts/build-client.sh` rebuilds it; CI
//! rebuilds it and fails when the committed file differs.

/// The bundled client script, served at `/assets/live.js`.
pub(crate) const CLIENT_BUNDLE: &str = include_str!("../../assets/live.js");

/// The default favicon (a 32×32 PNG), served at `/favicon.ico` unless a route or a file
/// directory of the app answers that path: browsers ask for it on every page.
pub(crate) const FAVICON: &[u8] = include_bytes!("../../assets/favicon.png");

/// Where browsers look for the favicon.
pub(crate) const FAVICON_PATH: &str = "/favicon.ico";

/// The stylesheet of the core components (`live_core::components`) and the examples, served
/// at [`STYLESHEET_PATH`] and at its digest path.
pub(crate) const STYLESHEET: &str = include_str!("../../assets/live.css");

/// Where the stylesheet is served under a stable name (revalidated with its `ETag`).
pub(crate) const STYLESHEET_PATH: &str = "/assets/live.css";

/// The first 16 hex digits of the SHA-256 of the stylesheet: its `ETag` and the name of its
/// digest path.
pub(crate) fn stylesheet_digest() -> &'static str {
    static DIGEST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DIGEST.get_or_init(|| {
        use sha2::Digest;
        let hash = sha2::Sha256::digest(STYLESHEET.as_bytes());
        hash.iter().take(8).map(|b| format!("{b:02x}")).collect()
    })
}

/// The stylesheet's digest path, `/assets/live-<digest>.css`, cached for a year: a new
/// stylesheet gets a new path.
pub(crate) fn stylesheet_digest_path() -> &'static str {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| format!("/assets/live-{}.css", stylesheet_digest()))
}
