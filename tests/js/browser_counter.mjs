// Browser test of the counter page: `node tests/js/browser_counter.mjs http://127.0.0.1:PORT/`.
//
// Expects the page at the URL to hold the main LiveView with
//   <span id="count">0</span> and <button id="inc" phx-click="inc">.
// Waits for the view to connect, clicks #inc three times (waiting for 1, 2, 3 after each click),
// reloads, waits for the view to connect again and checks that #count shows 0 (a fresh mount).
// Fails on any console error or page error. Exit status: 0 on success, 1 on any failure.
import process from "node:process";
import { runBrowserTest, waitConnected, waitForText } from "./browser_support.mjs";

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error("usage: node tests/js/browser_counter.mjs http://127.0.0.1:PORT/");
  process.exit(1);
}

await runBrowserTest("browser_counter", async ({ page, log }) => {
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  await waitForText(page, "#count", "0");
  log("connected, count is 0");

  for (const expected of [1, 2, 3]) {
    await page.click("#inc");
    await waitForText(page, "#count", expected);
    log(`clicked #inc, count is ${expected}`);
  }

  await page.reload({ waitUntil: "load" });
  await waitConnected(page);
  await waitForText(page, "#count", "0");
  log("reloaded, connected again, count is 0");
});
