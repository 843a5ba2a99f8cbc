// Browser test of the thermostat example:
// `node tests/js/browser_thermostat.mjs http://127.0.0.1:PORT/thermostat/garden`.
//
// Expects the house `garden`. Waits for the view to connect; checks the heading, the page title
// set in mount and the initial target 21; clicks #up twice and #down once (22, 23, 22); checks
// that the one-second timer advances #since. Fails on any console or page error. Exit status:
// 0 on success (prints PASS), 1 on any failure.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error("usage: node tests/js/browser_thermostat.mjs http://127.0.0.1:PORT/thermostat/garden");
  process.exit(1);
}

await runBrowserTest("browser_thermostat", async ({ page, log }) => {
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  await waitForText(page, "#thermostat h1", "Thermostat: garden");
  await waitUntil(page, "the page title is set by mount", () => document.title === "Thermostat: garden", {
    explain: () => JSON.stringify(document.title),
  });
  await waitForText(page, "#temperature", "21");
  log("connected: garden at 21");

  for (const [button, expected] of [["#up", 22], ["#up", 23], ["#down", 22]]) {
    await page.click(button);
    await waitForText(page, "#temperature", expected);
    log(`clicked ${button}: ${expected}`);
  }

  const since = Number((await page.textContent("#since")).trim());
  if (!Number.isInteger(since)) {
    throw new TestFailure(`#since is not a number`);
  }
  await waitUntil(page, `the timer advances #since past ${since}`, (was) => Number(document.querySelector("#since").textContent) > was, {
    arg: since,
    explain: () => document.querySelector("#since").textContent,
    timeoutMs: 3000,
  });
  log("the timer ticks");
});
