// Browser test of live reload: `node tests/js/browser_live_reload.mjs URL CONTROL`.
//
// URL is a live page served with live reload on; CONTROL answers GET /stop and GET /start by
// stopping the server and starting it again on the same port (a new process would do the same:
// a new boot id). Marks the loaded page, restarts the server, and expects the page to reload
// itself (the mark gone, the view connected again).
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitUntil } from "./browser_support.mjs";

const [url, control] = process.argv.slice(2);
if (!url || !control) {
  console.error("usage: node tests/js/browser_live_reload.mjs URL CONTROL");
  process.exit(1);
}

async function call(name) {
  const response = await fetch(`${control}/${name}`, { signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  if (!response.ok) {
    throw new TestFailure(`control ${name}: ${text}`);
  }
}

await runBrowserTest("browser_live_reload", async ({ page, errors, log }) => {
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  await page.evaluate(() => {
    window.__beforeRestart = true;
  });
  log("connected; page marked");
  await call("stop");
  await call("start");
  log("server restarted");
  await waitUntil(page, "the page reloaded itself", () => window.__beforeRestart === undefined);
  await waitConnected(page);
  log("reloaded and connected again");
  // While the server was down the browser logged failed requests and socket errors: expected.
  errors.length = 0;
});
