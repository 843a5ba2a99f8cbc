// Page glue for the live crate: connects the official LiveView client to the server's /live socket.
//
// The server's layout provides <meta name="csrf-token" content="..."> and loads the bundle built
// from this file (see ../build.mjs). Applications may define `window.liveHooks` (an object of
// LiveView hooks) in a script that runs before this one.
//
// No `longPollFallbackMs`: the server only speaks WebSocket, so the client must never switch to
// the long-poll transport.
import { Socket } from "phoenix";
import { LiveSocket } from "phoenix_live_view";

const meta = document.querySelector("meta[name='csrf-token']");
const token = meta ? meta.getAttribute("content") : null;

// A server mounted under a path prefix (live_server::Config::mount_path) names its socket path.
const socketMeta = document.querySelector("meta[name='live-socket-path']");
const socketPath = (socketMeta && socketMeta.getAttribute("content")) || "/live";

const liveSocket = new LiveSocket(socketPath, Socket, {
  params: { _csrf_token: token },
  hooks: window.liveHooks || {},
});

liveSocket.connect();

// Exposed for debugging from the console (liveSocket.enableDebug()) and for tests.
window.liveSocket = liveSocket;
