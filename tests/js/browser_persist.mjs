// Browser test of the wizard (`#[live(persist)]`): `node tests/js/browser_persist.mjs URL CONTROL`.
//
// Fills in the first two steps (name, plan) through the official client, stops the server
// (`CONTROL/stop`) and starts it again (`CONTROL/start`, a new server on the same port and
// snapshot directory); the page rejoins and must be back at step 3 with its answers, and the
// next click continues from there. A second browser context (another user) opening the wizard
// starts at step 1. Fails on console errors other than Chromium's reports of the refused
// reconnects while the server is down.
import process from "node:process";
import { openPage, runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const [url, control] = process.argv.slice(2);
if (!url || !/^https?:\/\//.test(url) || !control) {
  console.error("usage: node tests/js/browser_persist.mjs http://127.0.0.1:PORT/ http://127.0.0.1:CONTROL");
  process.exit(1);
}

async function command(name) {
  const response = await fetch(`${control}/${name}`, { signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  if (text !== `${name}ped` && text !== `${name}ed`) {
    throw new TestFailure(`control ${name}: ${text}`);
  }
}

await runBrowserTest("browser_persist", async ({ browser, page, errors, log }) => {
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  await waitForText(page, "#step", "1");
  await page.fill("#name", "Ada");
  await page.click("#next");
  await waitForText(page, "#hello", "Ada");
  await waitForText(page, "#step", "2");
  await page.click("#pro");
  await waitForText(page, "#summary", "Ada, plan pro");
  log("filled in: step 3, Ada, plan pro");

  await command("stop");
  await waitUntil(page, "the container shows the lost connection", () =>
    document.querySelector("[data-phx-main]").classList.contains("phx-client-error"),
  );
  log("server stopped");
  await command("start");
  await waitConnected(page);
  await waitForText(page, "#step", "3");
  await waitForText(page, "#summary", "Ada, plan pro");
  log("server restarted: the page rejoined at step 3 with its answers");

  await page.click("#confirm");
  await waitForText(page, "#done", "Welcome aboard, Ada!");
  log("confirmed after the restart");

  const other = await openPage(browser);
  await other.page.goto(url, { waitUntil: "load" });
  await waitConnected(other.page);
  await waitForText(other.page, "#step", "1");
  const name = await other.page.inputValue("#name");
  if (name !== "") {
    throw new TestFailure(`another user's wizard shows the name ${JSON.stringify(name)}`);
  }
  if (other.errors.length > 0) {
    throw new TestFailure(`the second page reported errors:\n  ${other.errors.join("\n  ")}`);
  }
  log("a second browser starts at step 1");

  const refused = /WebSocket connection to '.*\/live\/websocket.*' failed|net::ERR_[A-Z_]+ \(http:\/\/[^)]*\/live\/longpoll/;
  errors.splice(0, errors.length, ...errors.filter((e) => !refused.test(e)));
});
