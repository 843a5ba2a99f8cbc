//! The client bundle: the official `phoenix` and `phoenix_live_view` packages plus our glue
//! (`client/src/app.js`), built by esbuild into `live-server/assets/live.js` and committed, so
//! building this crate needs neither Node nor npm. `scripts/build-client.sh` rebuilds it; CI
//! rebuilds it and fails when the committed file differs.

/// The bundled client script, served at `/assets/live.js`.
pub(crate) const CLIENT_BUNDLE: &str = include_str!("../../assets/live.js");
