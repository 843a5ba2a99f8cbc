// Browser test of the async example: `node tests/js/browser_async.mjs http://127.0.0.1:PORT/`.
//
// The page first shows the loading states (the HTTP render starts no task), then, pushed by the
// server when the background tasks finish, the forecast and the failing task's error; the
// refresh button starts a named task whose outcome updates the page. Fails on any console or
// page error. Exit status: 0 on success (prints PASS), 1 on any failure.
import process from "node:process";
import { runBrowserTest, waitConnected, waitUntil } from "./browser_support.mjs";

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error("usage: node tests/js/browser_async.mjs http://127.0.0.1:PORT/");
  process.exit(1);
}

await runBrowserTest("browser_async", async ({ page, log }) => {
  const response = await page.goto(url, { waitUntil: "load" });
  const html = await response.text();
  if (!html.includes("Loading the forecast…") || !html.includes("Loading alerts…")) {
    throw new Error("the HTTP render does not show the loading states");
  }
  await waitConnected(page);
  await waitUntil(page, "the forecast arrives", () => document.querySelector("#forecast").textContent.trim() === "Sunny, 24 °C", {
    explain: () => document.querySelector("#forecast").textContent,
    timeoutMs: 5000,
  });
  log("forecast loaded");
  await waitUntil(page, "the failing task shows its error", () => document.querySelector("#alerts").textContent.trim() === "Error: the alerts service is unavailable", {
    explain: () => document.querySelector("#alerts").textContent,
    timeoutMs: 5000,
  });
  log("alerts failed as expected");
  await page.click("#refresh");
  await waitUntil(page, "the refresh task completes", () => document.querySelector("#refresh-status").textContent.trim() === "done (1)", {
    explain: () => document.querySelector("#refresh-status").textContent,
    timeoutMs: 5000,
  });
  log("refresh done");
});
