// Browser test of the keys example: `node tests/js/browser_keys.mjs http://127.0.0.1:PORT/`.
//
// Checks, through the official client and the frames it sends on the WebSocket:
// - phx-window-keydown: arrow keys pressed with the focus on the page move the dot; the payload is
//   exactly {"type":"keydown","event":"move","value":{"key":"ArrowRight"}};
// - phx-window-keyup on another element: {"type":"keyup","event":"released","value":{"key":…}};
// - phx-throttle="150" on the window keydown: five identical keydowns in one tick push once, a
//   different key passes at once, the same key passes again after the throttle time;
// - phx-keydown + phx-key="Enter" on an input: typing pushes nothing (and, being an element
//   binding, stops the window keydown), Enter pushes {"key":"Enter","value":"<text>"};
// - phx-keyup + phx-debounce="300": typing "abc" quickly pushes one search with value "abc";
// - phx-click-away closes the help panel on a click outside it (not inside), payload
//   {"type":"click","event":"close_help","value":{}}; phx-window-keydown + phx-key="Escape" closes
//   it too.
// Fails on any console error or page error.
import process from "node:process";
import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error("usage: node tests/js/browser_keys.mjs http://127.0.0.1:PORT/");
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

/** Waits (in Node) until `check()` is truthy. */
async function eventually(description, check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new TestFailure(`${description}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

function expectPayload(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new TestFailure(`${what}: expected ${JSON.stringify(expected)}, the client sent ${JSON.stringify(actual)}`);
  }
}

await runBrowserTest("browser_keys", async ({ page, log }) => {
  const frames = recordFrames(page);
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  await waitForText(page, "#position", "2,2");

  // Window keydown and keyup, focus on the page body.
  await page.keyboard.press("ArrowRight");
  await waitForText(page, "#position", "3,2");
  await waitForText(page, "#released", "ArrowRight");
  expectPayload(events(frames, "move")[0], { type: "keydown", event: "move", value: { key: "ArrowRight" } }, "window keydown");
  expectPayload(events(frames, "released")[0], { type: "keyup", event: "released", value: { key: "ArrowRight" } }, "window keyup");
  await page.keyboard.press("ArrowDown");
  await waitForText(page, "#position", "3,3");
  log("window keydown/keyup move the dot");

  // Throttle: five ArrowLeft keydowns in one tick push once.
  const movesBefore = events(frames, "move").length;
  await page.evaluate(() => {
    for (let i = 0; i < 5; i++) {
      document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true }));
    }
  });
  await waitForText(page, "#position", "2,3");
  await sleep(400);
  if (events(frames, "move").length !== movesBefore + 1) {
    throw new TestFailure(`throttle: expected 1 push for 5 quick identical keys, got ${events(frames, "move").length - movesBefore}`);
  }
  await waitForText(page, "#position", "2,3");
  await page.keyboard.press("ArrowLeft"); // the throttle time has passed: the same key goes through
  await waitForText(page, "#position", "1,3");
  log("phx-throttle lets one of five quick identical keydowns through");

  // Enter-filtered input: typing pushes nothing, not even the window keydown.
  const before = frames.length;
  await page.click("#item");
  await page.keyboard.type("milk", { delay: 10 });
  await sleep(200);
  // (The input has no phx-keyup, so its keyups still reach the window keyup binding.)
  const typed = events(frames.slice(before)).filter((e) => e.event !== "released");
  if (typed.length !== 0) {
    throw new TestFailure(`typing in the phx-key input pushed ${JSON.stringify(typed)}`);
  }
  await page.keyboard.press("Enter");
  await waitUntil(page, "the item is added", () => document.querySelector("#items li")?.textContent === "milk");
  expectPayload(events(frames, "add"), [{ type: "keydown", event: "add", value: { key: "Enter", value: "milk" } }], "Enter on the input");
  log("phx-key=Enter filters the input's keydowns");

  // Debounced keyup search.
  await page.click("#search");
  await page.keyboard.type("abc", { delay: 30 });
  await waitForText(page, "#query", "abc");
  await sleep(500);
  expectPayload(events(frames, "search"), [{ type: "keyup", event: "search", value: { key: "c", value: "abc" } }], "debounced search");
  await waitForText(page, "#searches", "1");
  log("phx-debounce sends one search for three keys");

  // Click-away: a click inside keeps the panel, a click outside closes it.
  await page.click("#help-button");
  await page.waitForSelector("#help", { state: "visible" });
  expectPayload(events(frames, "open_help"), [{ type: "click", event: "open_help", value: { value: "" } }], "help button");
  await page.click("#help p");
  await sleep(200);
  if (events(frames, "close_help").length !== 0 || !(await page.$("#help"))) {
    throw new TestFailure("a click inside the panel closed it");
  }
  await page.click("h1");
  await page.waitForSelector("#help", { state: "detached" });
  expectPayload(events(frames, "close_help"), [{ type: "click", event: "close_help", value: {} }], "click-away");
  log("phx-click-away closes the panel");

  // Escape through a window keydown filtered by phx-key.
  await page.click("#help-button");
  await page.waitForSelector("#help", { state: "visible" });
  await page.keyboard.press("Escape");
  await page.waitForSelector("#help", { state: "detached" });
  expectPayload(events(frames, "close_help")[1], { type: "keydown", event: "close_help", value: { key: "Escape" } }, "Escape");
  await waitForText(page, "#last-key", "Escape");
  log("phx-window-keydown with phx-key=Escape closes the panel");
});
