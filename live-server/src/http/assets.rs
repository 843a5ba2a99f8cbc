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
