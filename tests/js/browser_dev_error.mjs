// Browser test of the development error page:
// `node tests/js/browser_dev_error.mjs URL VIEW_NAME LOCATION_PREFIX`.
//
// Loads URL (a live route whose first render panics, on a server in development mode), expects
// HTTP 500 and a page that names VIEW_NAME in its heading, shows the panic message and a
// location starting with LOCATION_PREFIX, and carries a backtrace.
import process from "node:process";
import { runBrowserTest, TestFailure } from "./browser_support.mjs";

const [url, view, locationPrefix] = process.argv.slice(2);
if (!url || !view || !locationPrefix) {
  console.error("usage: node tests/js/browser_dev_error.mjs URL VIEW_NAME LOCATION_PREFIX");
  process.exit(1);
}

await runBrowserTest("browser_dev_error", async ({ page, errors, log }) => {
  const response = await page.goto(url, { waitUntil: "load" });
  if (response.status() !== 500) {
    throw new TestFailure(`expected HTTP 500, got ${response.status()}`);
  }
  const heading = await page.textContent("#live-error");
  if (!heading.includes(view)) {
    throw new TestFailure(`the heading does not name ${view}: ${heading}`);
  }
  const message = await page.textContent("#live-error-message");
  if (!message.includes("panicked: the template met a <bad> value")) {
    throw new TestFailure(`unexpected message: ${message}`);
  }
  const location = await page.textContent("#live-error-location");
  if (!location.includes(locationPrefix)) {
    throw new TestFailure(`the location does not point at ${locationPrefix}: ${location}`);
  }
  const backtrace = await page.textContent("#live-error-backtrace");
  if (backtrace.trim().length === 0) {
    throw new TestFailure("empty backtrace");
  }
  log(`error page: ${heading.trim()} / ${message.trim()} / ${location.trim()}`);
  // The 500 itself is logged by the browser as a failed resource: that one is expected.
  const unexpected = errors.filter((e) => !e.includes("500"));
  errors.length = 0;
  errors.push(...unexpected);
});
