// Page glue for the live crate: connects the official LiveView client to the server's /live socket.
//
// The server's layout provides <meta name="csrf-token" content="..."> and loads the bundle built
// from this file (see ../build.mjs). Applications may define `window.liveHooks` (an object of
// LiveView hooks) in a script that runs before this one.
//
// Applications may also define `window.liveUploaders`: the client-side uploaders of external
// uploads (`UploadOptions::external` on the server names one in each entry's `uploader`).
//
// `longPollFallbackMs`: when the WebSocket does not connect (e.g. a proxy refuses the upgrade),
// the client falls back to long polling on /live/longpoll, at once on a WebSocket error or after
// this many milliseconds without an answer. The fallback is remembered for the browser tab.
import { Socket } from "phoenix";
import { LiveSocket } from "phoenix_live_view";

const meta = document.querySelector("meta[name='csrf-token']");
const token = meta ? meta.getAttribute("content") : null;

// A server mounted under a path prefix (live_server::Config::mount_path) names its socket path.
const socketMeta = document.querySelector("meta[name='live-socket-path']");
const socketPath = (socketMeta && socketMeta.getAttribute("content")) || "/live";

// The page's own LiveSocket options: the server's (live_server::Config::live_socket_option, a
// JSON object in <meta name="live-socket-options">), then `window.liveSocketOptions` set by a
// script of the page that runs before this one (for options that are functions: `dom`,
// `metadata`, `params`). They win over the defaults below; `params` (an object or a function
// of the view's element) is merged with the CSRF token, and `hooks` with `window.liveHooks`.
const optionsMeta = document.querySelector("meta[name='live-socket-options']");
let serverOptions = {};
try {
  serverOptions = optionsMeta ? JSON.parse(optionsMeta.getAttribute("content")) : {};
} catch (e) {
  console.error("live: invalid live-socket-options", e);
}
const userOptions = Object.assign({}, serverOptions, window.liveSocketOptions || {});
const userParams = userOptions.params;
const params =
  typeof userParams === "function"
    ? (el) => Object.assign({}, userParams(el), { _csrf_token: token })
    : Object.assign({}, userParams || {}, { _csrf_token: token });

const liveSocket = new LiveSocket(
  socketPath,
  Socket,
  Object.assign({ longPollFallbackMs: 2500 }, userOptions, {
    params,
    hooks: Object.assign({}, window.liveHooks || {}, userOptions.hooks || {}),
    uploaders: Object.assign({}, window.liveUploaders || {}, userOptions.uploaders || {}),
  }),
);

liveSocket.connect();

// Exposed for debugging from the console (liveSocket.enableDebug()) and for tests.
window.liveSocket = liveSocket;
