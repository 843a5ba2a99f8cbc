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

const liveSocket = new LiveSocket(socketPath, Socket, {
  params: { _csrf_token: token },
  longPollFallbackMs: 2500,
  hooks: window.liveHooks || {},
  uploaders: window.liveUploaders || {},
});

liveSocket.connect();

// Exposed for debugging from the console (liveSocket.enableDebug()) and for tests.
window.liveSocket = liveSocket;
