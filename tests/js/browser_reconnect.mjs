// Browser test of the reconnect UX:
//   node tests/js/browser_reconnect.mjs http://127.0.0.1:PORT/ http://127.0.0.1:CONTROL
//
// The page holds a main LiveView with #count, #inc, #crash (the view panics), inputs #name
// (phx-focus="focus", phx-blur="blur") and #other, a wrapper with phx-window-focus /
// phx-window-blur, and #focus-log listing the focus events the view received. CONTROL answers
// GET /stop and GET /start by stopping and restarting the server on the same port.
//
// Records every change of the container's phx-* classes and checks, phase by phase:
// - the first join: no class from the server, phx-loading, then phx-connected;
// - a view crash (socket still up): phx-loading phx-error phx-server-error, then phx-connected
//   after the rejoin, with a freshly mounted count;
// - a server stop: phx-loading phx-error phx-client-error, and back to phx-connected once the
//   server is up again;
// - phx-focus/phx-blur on real focus changes; phx-window-blur/phx-window-focus from blur/focus
//   events bubbling from an element (the official client drops the ones targeting the window).
// Logs the transport the socket uses ("connected over WebSocket|LongPoll: …") for the caller to
// check. Fails on console errors other than Chromium's reports of refused WebSockets and of
// long-poll requests that failed while the server was down. Exit status: 0 on success, 1 on any
// failure.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const [url, control] = process.argv.slice(2);
if (!url || !/^https?:\/\//.test(url) || !control) {
  console.error("usage: node tests/js/browser_reconnect.mjs http://127.0.0.1:PORT/ http://127.0.0.1:CONTROL");
  process.exit(1);
}

const SERVER_ERROR = "phx-error phx-loading phx-server-error";
const CLIENT_ERROR = "phx-client-error phx-error phx-loading";
const CONNECTED = "phx-connected";

async function command(name) {
  const response = await fetch(`${control}/${name}`, { signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  if (text !== `${name}ped` && text !== `${name}ed`) {
    throw new TestFailure(`control ${name}: ${text}`);
  }
}

/** The container's phx-* class lists since `from`, as recorded in the page. */
function historySince(page, from) {
  return page.evaluate((from) => window.__classHistory.slice(from), from);
}

async function waitForClasses(page, from, expected, what) {
  await waitUntil(
    page,
    `${what}: the container's classes become ${JSON.stringify(expected)}`,
    ([from, expected]) => window.__classHistory.slice(from).includes(expected),
    { arg: [from, expected], explain: ([from]) => JSON.stringify(window.__classHistory.slice(from)) },
  );
}

/** The transport the page's socket uses. */
function transportName(page) {
  return page.evaluate(() => {
    const socket = window.liveSocket.getSocket();
    return socket.transport === socket.getLongPollTransport() ? "LongPoll" : "WebSocket";
  });
}

function sameList(actual, expected) {
  return actual.length === expected.length && actual.every((x, i) => x === expected[i]);
}

await runBrowserTest("browser_reconnect", async ({ page, errors, log }) => {
  await page.addInitScript(() => {
    window.__classHistory = [];
    const record = () => {
      const main = document.querySelector("[data-phx-main]");
      if (!main) return;
      const classes = [...main.classList].filter((c) => c.startsWith("phx-")).sort().join(" ");
      const history = window.__classHistory;
      if (history[history.length - 1] !== classes) history.push(classes);
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
  });

  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  // The server renders the container without classes; the join shows the loader (after the
  // client's 1 ms loader time-out), then the join reply connects it.
  const initial = await historySince(page, 0);
  if (!sameList(initial, ["", "phx-loading", CONNECTED])) {
    throw new TestFailure(`first join: expected ["", "phx-loading", "phx-connected"], saw ${JSON.stringify(initial)}`);
  }
  log(`connected over ${await transportName(page)}: ${JSON.stringify(initial)}`);

  // A view crash while the socket stays up: a server error, then the rejoin mounts afresh.
  await page.click("#inc");
  await waitForText(page, "#count", "1");
  let mark = (await historySince(page, 0)).length;
  await page.click("#crash");
  await waitForClasses(page, mark, SERVER_ERROR, "after the crash");
  await waitForClasses(page, mark, CONNECTED, "after the rejoin");
  await waitForText(page, "#count", "0");
  let seen = await historySince(page, mark);
  if (!sameList(seen, [SERVER_ERROR, CONNECTED])) {
    throw new TestFailure(`crash and rejoin: expected ${JSON.stringify([SERVER_ERROR, CONNECTED])}, saw ${JSON.stringify(seen)}`);
  }
  log(`crash: ${JSON.stringify(seen)}, count mounted afresh`);

  // The server stops: the socket is gone, a client-side error; it comes back and the view rejoins.
  await page.click("#inc");
  await waitForText(page, "#count", "1");
  mark = (await historySince(page, 0)).length;
  await command("stop");
  await waitForClasses(page, mark, CLIENT_ERROR, "while the server is down");
  const down = await historySince(page, mark);
  log(`server stopped: ${JSON.stringify(down)}`);
  await command("start");
  await waitForClasses(page, mark, CONNECTED, "after the server came back");
  await waitConnected(page);
  await waitForText(page, "#count", "0");
  seen = await historySince(page, mark);
  if (!sameList(seen, [CLIENT_ERROR, CONNECTED])) {
    throw new TestFailure(`server stop and restart: expected ${JSON.stringify([CLIENT_ERROR, CONNECTED])}, saw ${JSON.stringify(seen)}`);
  }
  // With `longPollFallbackMs`, the official client falls back to long polling as soon as a
  // WebSocket reconnect fails (phoenix 1.8.16 `connectWithFallback`, the same upstream), so it
  // usually comes back over long polling; both transports must rejoin.
  log(`server restarted: ${JSON.stringify(seen)}, view rejoined over ${await transportName(page)}`);
  // Chromium reports each WebSocket refused (by the server while it is down, or by the proxy),
  // and each long-poll request that failed while the server was down (refused, or closed by the
  // proxy that could not reach it).
  const refused = /WebSocket connection to '.*\/live\/websocket.*' failed|net::ERR_[A-Z_]+ \(http:\/\/[^)]*\/live\/longpoll/;
  errors.splice(0, errors.length, ...errors.filter((e) => !refused.test(e)));

  // Focus bindings: real focus changes on the input.
  await page.focus("#name");
  await waitForText(page, "#focus-log", "focus");
  await page.focus("#other");
  await waitForText(page, "#focus-log", "focus blur");
  log("phx-focus and phx-blur reached the view on real focus changes");

  // Window bindings. The official client (1.2.12, LiveSocket.bind) only handles blur/focus
  // events whose target is an element: the events a browser fires on the window itself when it
  // loses or regains focus are dropped, so they must not reach the view. Proven by ordering: a
  // later phx-focus arrives with nothing before it.
  await page.evaluate(() => {
    window.dispatchEvent(new FocusEvent("blur"));
    window.dispatchEvent(new FocusEvent("focus"));
  });
  await page.focus("#name");
  await waitForText(page, "#focus-log", "focus blur focus");
  log("window-level blur/focus events are dropped by the client, as its source says");

  // What does reach phx-window-blur / phx-window-focus: a blur or focus event bubbling up from an
  // element that has no phx-blur / phx-focus of its own.
  await page.evaluate(() => document.querySelector("#other").dispatchEvent(new FocusEvent("blur", { bubbles: true })));
  await waitForText(page, "#focus-log", "focus blur focus window-blur");
  await page.evaluate(() => document.querySelector("#other").dispatchEvent(new FocusEvent("focus", { bubbles: true })));
  await waitForText(page, "#focus-log", "focus blur focus window-blur window-focus");
  log("phx-window-blur and phx-window-focus reached the view once each");
});
