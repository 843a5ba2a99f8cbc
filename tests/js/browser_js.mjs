// Browser tests of JS commands rendered by live_core::JS:
//   node tests/js/browser_js.mjs http://127.0.0.1:PORT/ demo   (the js example)
//   node tests/js/browser_js.mjs http://127.0.0.1:PORT/ ops    (every operation, tests/browser_bindings.rs)
//
// demo: the modal opens (transition, focus on its input) and closes by its button, by Escape
// (phx-window-keydown + phx-key) and by a click outside (phx-click-away), focus returning to the
// opening button; the menu toggles with aria-expanded. None of that sends a single WebSocket
// frame (heartbeats aside). The like button pushes {"type":"click","event":"like",
// "value":{"value":""}} and toggles its class (kept across the patch); the server's push_event
// "highlight" reaches the window listener, which runs the element's data-highlight command.
//
// ops: clicks one button per operation and checks its effect in the DOM (and, for push, the
// payload the client sends): every op of 1.2 with the option shapes (selector / closest / inner
// / source targets, transitions, time, blocking, display, detail, bubbles, value, target,
// loading, page_loading, replace), plus phx-mounted and phx-remove. The JSON comes straight from
// the attributes the server rendered, so this is the client's own parser and executor running
// our encoding.
//
// Fails on any console error or page error.
import process from "node:process";
import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const [url, mode] = process.argv.slice(2);
if (!url || !/^https?:\/\//.test(url) || !["demo", "ops"].includes(mode)) {
  console.error("usage: node tests/js/browser_js.mjs http://127.0.0.1:PORT/ demo|ops");
  process.exit(1);
}

/** Records every frame the page sends on the LiveView socket, heartbeats left out. */
function recordFrames(page) {
  const frames = [];
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/live/websocket")) return;
    ws.on("framesent", ({ payload }) => {
      const msg = JSON.parse(String(payload));
      if (msg[2] !== "phoenix") frames.push(msg);
    });
  });
  return frames;
}

/** The payloads of the "event" pushes among `frames`, optionally only those named `name`. */
const events = (frames, name) =>
  frames.filter((f) => f[3] === "event" && (!name || f[4].event === name)).map((f) => f[4]);

function expectPayload(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new TestFailure(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Waits until `selector` is displayed (or, with `visible` false, not displayed). */
async function waitDisplayed(page, selector, visible = true) {
  await waitUntil(
    page,
    `${selector} ${visible ? "shown" : "hidden"}`,
    ([sel, want]) => {
      const el = document.querySelector(sel);
      return el && (getComputedStyle(el).display !== "none") === want;
    },
    { arg: [selector, visible], explain: ([sel]) => `display: ${getComputedStyle(document.querySelector(sel)).display}` },
  );
}

async function waitFocused(page, id) {
  await waitUntil(page, `#${id} focused`, (want) => document.activeElement?.id === want, {
    arg: id,
    explain: () => `the focus is on ${document.activeElement?.id || document.activeElement?.tagName}`,
  });
}

async function demo({ page, log }) {
  const frames = recordFrames(page);
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  const sentAfterJoin = frames.length;

  // The modal: open / close by button, Escape, click-away.
  await page.click("#open-modal");
  await waitDisplayed(page, "#modal");
  await waitFocused(page, "modal-input");
  await page.click("#close-modal");
  await waitDisplayed(page, "#modal", false);
  await waitFocused(page, "open-modal");
  log("modal opened (focus inside) and closed by its button (focus back)");

  await page.click("#open-modal");
  await waitDisplayed(page, "#modal");
  await waitFocused(page, "modal-input");
  await page.keyboard.press("Escape");
  await waitDisplayed(page, "#modal", false);
  log("Escape closes the modal");

  await page.click("#open-modal");
  await waitDisplayed(page, "#modal");
  await page.mouse.click(5, 5); // the backdrop, outside #modal-content
  await waitDisplayed(page, "#modal", false);
  log("a click outside closes the modal");

  // The menu.
  await page.click("#menu-button");
  await waitDisplayed(page, "#menu");
  await waitUntil(page, "aria-expanded true", () => document.querySelector("#menu-button").getAttribute("aria-expanded") === "true");
  await page.click("#menu-button");
  await waitDisplayed(page, "#menu", false);
  await waitUntil(page, "aria-expanded false", () => document.querySelector("#menu-button").getAttribute("aria-expanded") === "false");
  log("the menu toggles with aria-expanded");

  await sleep(300);
  if (frames.length !== sentAfterJoin) {
    throw new TestFailure(`client-side commands sent ${frames.length - sentAfterJoin} frame(s): ${JSON.stringify(frames.slice(sentAfterJoin))}`);
  }
  log("no WebSocket frame for the modal and the menu");

  // Like: a push, a class toggle, a push_event running data-highlight.
  await page.evaluate(() => {
    window.flashSeen = false;
    const likes = document.getElementById("likes");
    new MutationObserver(() => {
      if (likes.classList.contains("highlight")) window.flashSeen = true;
    }).observe(likes, { attributes: true, attributeFilter: ["class"] });
  });
  await page.click("#like");
  await waitForText(page, "#likes", "1");
  expectPayload(events(frames), [{ type: "click", event: "like", value: { value: "" } }], "the like push");
  await waitUntil(page, "the like button has class liked", () => document.querySelector("#like").classList.contains("liked"));
  await waitForText(page, "#event-log", "highlight likes");
  await waitUntil(page, "the highlight transition ran on #likes", () => window.flashSeen);
  await waitUntil(page, "the highlight transition ended", () => !document.querySelector("#likes").classList.contains("highlight"));
  await page.click("#like");
  await waitForText(page, "#likes", "2");
  await waitUntil(page, "the like class toggled off", () => !document.querySelector("#like").classList.contains("liked"));
  log("like: push + class toggle; push_event ran the data-highlight command");
}

async function ops({ page, log }) {
  const frames = recordFrames(page);
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  await page.evaluate(() => window.watchBox());
  const box = (fn) => page.evaluate(fn, null);
  const has = async (selector, name) => page.evaluate(([s, n]) => document.querySelector(s).classList.contains(n), [selector, name]);
  const attr = async (selector, name) => page.evaluate(([s, n]) => document.querySelector(s).getAttribute(n), [selector, name]);

  // phx-mounted ran on the join.
  await waitUntil(page, "phx-mounted added its class", () => document.querySelector("#mounted").classList.contains("was-mounted"));

  // show / hide / toggle.
  await page.click("#op-hide");
  await waitDisplayed(page, "#box", false);
  await page.click("#op-show");
  await waitUntil(page, "show sets display flex", () => getComputedStyle(document.querySelector("#box")).display === "flex");
  await page.click("#op-toggle");
  await waitDisplayed(page, "#box", false);
  await page.click("#op-toggle-transition");
  await waitDisplayed(page, "#box");
  await waitUntil(page, "phx:show-end after the in transition", () => window.opsLog.showEnd >= 1);
  await waitUntil(page, "in classes removed", () => !["t-in", "t-in-start", "t-in-end"].some((c) => document.querySelector("#box").classList.contains(c)));
  if (!(await box(() => ["t-in", "t-in-start"].every((c) => window.opsLog.classes.includes(c))))) {
    throw new TestFailure(`toggle in-transition classes never appeared: ${await box(() => window.opsLog.classes.join(" "))}`);
  }
  await page.click("#op-toggle-transition");
  await waitDisplayed(page, "#box", false);
  await page.click("#op-show");
  await waitDisplayed(page, "#box");
  log("show (display), hide, toggle, toggle with in/out transitions and time");

  // Classes.
  await page.click("#op-add-class");
  await waitUntil(page, "add_class on big", () => ["on", "big"].every((c) => document.querySelector("#box").classList.contains(c)));
  await page.click("#op-remove-class");
  await waitUntil(page, "remove_class big", () => !document.querySelector("#box").classList.contains("big"));
  await page.click("#op-toggle-class");
  await waitUntil(page, "toggle_class on → off", () => !document.querySelector("#box").classList.contains("on"));
  await page.click("#op-toggle-class");
  await waitUntil(page, "toggle_class off → on", () => document.querySelector("#box").classList.contains("on"));
  await page.click("#op-class-transition");
  await waitUntil(page, "add_class with transition: done, p-end, no pulse", () => {
    const l = document.querySelector("#box").classList;
    return l.contains("done") && l.contains("p-end") && !l.contains("pulse") && !l.contains("p-start");
  });
  await page.click("#op-transition");
  await waitUntil(page, "transition: s-end stays, shake gone", () => {
    const l = document.querySelector("#box").classList;
    return l.contains("s-end") && !l.contains("shake") && !l.contains("s-start");
  });
  if (!(await box(() => ["pulse", "p-start", "shake", "s-start"].every((c) => window.opsLog.classes.includes(c))))) {
    throw new TestFailure(`transition classes never appeared: ${await box(() => window.opsLog.classes.join(" "))}`);
  }
  log("add_class, remove_class, toggle_class, transitions (time, blocking false)");

  // Attributes.
  await page.click("#op-set-attr");
  await waitUntil(page, "set_attr data-x", () => document.querySelector("#box").getAttribute("data-x") === "1");
  await page.click("#op-remove-attr");
  await waitUntil(page, "remove_attr data-y", () => !document.querySelector("#box").hasAttribute("data-y"));
  await page.click("#op-toggle-attr3");
  await waitUntil(page, "toggle_attr 3: true", () => document.querySelector("#op-toggle-attr3").getAttribute("aria-expanded") === "true");
  await page.click("#op-toggle-attr3");
  await waitUntil(page, "toggle_attr 3: false", () => document.querySelector("#op-toggle-attr3").getAttribute("aria-expanded") === "false");
  await page.click("#op-toggle-attr2");
  await waitUntil(page, "toggle_attr 2: set", () => document.querySelector("#op-toggle-attr2").getAttribute("data-on") === "yes");
  await page.click("#op-toggle-attr2");
  await waitUntil(page, "toggle_attr 2: removed", () => !document.querySelector("#op-toggle-attr2").hasAttribute("data-on"));
  // ignore_attrs: the server's new data-count is not applied, its new title is; phx-remove runs
  // when the patch removes #removable.
  await page.click("#op-ignore");
  await page.click("#op-bump");
  await waitUntil(page, "the bump patch arrived", () => document.querySelector("#ign").title === "t1");
  if ((await attr("#ign", "data-count")) !== "0") {
    throw new TestFailure(`ignore_attrs: data-count was patched to ${await attr("#ign", "data-count")}`);
  }
  await waitUntil(page, "phx-remove ran", () => document.querySelector("#box").getAttribute("data-removed") === "yes");
  await page.waitForSelector("#removable", { state: "detached" });
  log("set_attr, remove_attr, toggle_attr (2 and 3 values), ignore_attrs, phx-remove");

  // dispatch.
  await page.click("#op-dispatch");
  await waitUntil(page, "the dispatched event arrived", () => window.opsLog.ping.length === 1);
  expectPayload(await box(() => window.opsLog.ping[0]), { n: 1, bubbles: false, dispatcher: "op-dispatch" }, "dispatch detail");
  if ((await box(() => window.opsLog.pingOnWindow)) !== 0) throw new TestFailure("a bubbles:false event reached window");
  await page.click("#op-dispatch-blocking");
  await waitUntil(page, "the blocking dispatch arrived with done()", () => window.opsLog.block[0] === "function");
  log("dispatch (detail, bubbles false, dispatcher; blocking with done)");

  // exec, focus.
  await page.click("#op-exec");
  await waitUntil(page, "exec ran data-cmd", () => document.querySelector("#box").classList.contains("exec-ran"));
  await page.click("#op-focus");
  await waitFocused(page, "name");
  await page.click("#op-focus-first");
  await waitFocused(page, "first");
  await page.click("#op-push-focus");
  await page.focus("#second");
  await page.click("#op-pop-focus");
  await waitFocused(page, "name");
  log("exec, focus, focus_first, push_focus/pop_focus");

  // Targets.
  await page.click("#op-closest");
  await waitUntil(page, "closest target", () => document.querySelector("#closest-wrap").classList.contains("hit"));
  await page.click("#op-inner");
  await waitUntil(page, "inner target", () => document.querySelector("#inner-span").classList.contains("hit") && !document.querySelector("#op-inner").classList.contains("hit"));
  log("closest / inner targets");

  // push: value merged over phx-value-* and the button's value.
  await page.click("#op-push");
  await waitForText(page, "#pings", "1");
  expectPayload(events(frames, "ping")[0], { type: "click", event: "ping", value: { a: "y", n: 7, value: "" } }, "push with value");
  await page.click("#op-dispatch-click"); // a real click on #op-push
  await waitForText(page, "#pings", "2");
  expectPayload(events(frames, "ping")[1], { type: "click", event: "ping", value: { a: "y", n: 7, value: "" } }, "dispatched click");
  // push with a selector target (this view, no cid), loading classes on #box, page-loading events.
  const pageLoading = await box(() => window.opsLog.pageLoading);
  await page.click("#op-push-target");
  await waitForText(page, "#pings", "3");
  expectPayload(events(frames, "ping")[2], { type: "click", event: "ping", value: { value: "" } }, "push with target");
  await waitUntil(page, "page_loading fired phx:page-loading-start", (n) => window.opsLog.pageLoading > n, { arg: pageLoading });
  await waitUntil(page, "loading put phx-click-loading on #box", () => window.opsLog.classes.includes("phx-click-loading"));
  await waitUntil(page, "the loading class is gone after the reply", () => !document.querySelector("#box").classList.contains("phx-click-loading"));
  log("push: value, target selector, loading, page_loading");

  // patch / patch replace / push + navigate.
  const historyLength = await box(() => history.length);
  await page.click("#op-patch");
  await waitForText(page, "#tab", "2");
  await waitUntil(page, "patch pushed a history entry", (n) => location.search === "?tab=2" && history.length === n + 1, { arg: historyLength });
  await page.click("#op-patch-replace");
  await waitForText(page, "#tab", "3");
  await waitUntil(page, "patch replace kept the history length", (n) => location.search === "?tab=3" && history.length === n + 1, { arg: historyLength });
  await page.evaluate(() => (window.samePage = true));
  const pings = events(frames, "ping").length;
  await page.click("#op-navigate");
  await page.waitForSelector("#other");
  await waitUntil(page, "navigate changed the URL without a page load", () => location.pathname === "/other" && window.samePage === true);
  if (events(frames, "ping").length !== pings + 1) throw new TestFailure("push before navigate was not sent");
  log("patch, patch replace, push then navigate (live, same page)");
}

await runBrowserTest(`browser_js ${mode}`, mode === "demo" ? demo : ops);
