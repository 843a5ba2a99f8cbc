// Browser test of the hooks example: `node tests/js/browser_hooks.mjs http://127.0.0.1:PORT/`.
//
// The hooks come from the page <head> (live_server::Config::head_html, window.liveHooks). Checks:
// - Dice: its pushEvent sends exactly {"type":"hook","event":"roll","value":{"sides":6}}; the
//   reply map (top-level "r" of the reply diff) reaches the pushEvent callback, which shows the
//   same number the server rendered; the server's push_event "rolled" reaches the hook's
//   handleEvent with the same total the server rendered; twice, so replies match their pushes;
// - Pinger: pushEventTo(".panel", …) with two matching panels sends two events to this view
//   ({"type":"hook","event":"ping","value":{"from":"pinger"}}, no cid: the panels are in no
//   component), and the hook receives both replies through Promise.allSettled.
// Fails on any console error or page error.
import process from "node:process";
import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";
import { runBrowserTest, TestFailure, waitConnected, waitForText } from "./browser_support.mjs";

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error("usage: node tests/js/browser_hooks.mjs http://127.0.0.1:PORT/");
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

/** The "event" pushes among `frames` named `name`, as [topic, payload]. */
const events = (frames, name) => frames.filter((f) => f[3] === "event" && f[4].event === name).map((f) => [f[2], f[4]]);

function expectEqual(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new TestFailure(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

const text = (page, selector) => page.evaluate((sel) => document.querySelector(sel).textContent.trim(), selector);

await runBrowserTest("browser_hooks", async ({ page, log }) => {
  const frames = recordFrames(page);
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  const topic = await page.evaluate(() => "lv:" + document.querySelector("[data-phx-main]").id);

  for (const rolls of [1, 2]) {
    await page.click("#roll");
    await waitForText(page, "#rolls", String(rolls));
    const last = await text(page, "#last-roll");
    const total = await text(page, "#total");
    await waitForText(page, "#roll-reply", `You rolled ${last}`);
    await waitForText(page, "#pushed-total", `Total so far: ${total}`);
    log(`roll ${rolls}: reply ${last} and pushed total ${total} reached the hook`);
  }
  const rolls = events(frames, "roll");
  expectEqual(rolls, [[topic, { type: "hook", event: "roll", value: { sides: 6 } }], [topic, { type: "hook", event: "roll", value: { sides: 6 } }]], "the hook's pushes");

  await page.click("#ping");
  await waitForText(page, "#pings", "2");
  await waitForText(page, "#ping-replies", "pong 1, pong 2");
  await sleep(200);
  const ping = { type: "hook", event: "ping", value: { from: "pinger" } };
  expectEqual(events(frames, "ping"), [[topic, ping], [topic, ping]], "pushEventTo('.panel') pushes");
  log("pushEventTo a selector matching two panels: two events to this view, both replies back");
});
