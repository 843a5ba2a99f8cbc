// Shared helpers for browser tests: launch Debian Chromium via playwright-core, collect page errors, wait for LiveView states.
//
// playwright-core is resolved from client/node_modules (pinned in client/package.json); it never
// downloads a browser: it drives the system Chromium at /usr/bin/chromium
// (`apt-get install -y chromium`). Every wait is bounded; `runBrowserTest` adds a hard deadline
// for the whole scenario and always closes the browser.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

/** Default bound for a single wait (connection, navigation, text change). */
export const STEP_TIMEOUT_MS = 15_000;

const clientDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../client");

/** A failure with a message meant for the person reading the test output. */
export class TestFailure extends Error {}

/** Loads playwright-core from client/node_modules. */
export function loadPlaywright() {
  const require = createRequire(join(clientDir, "package.json"));
  try {
    return require("playwright-core");
  } catch (err) {
    throw new TestFailure(
      `cannot load playwright-core from ${clientDir}/node_modules (${err.message}): run \`npm ci\` in ${clientDir}`,
    );
  }
}

/** Launches headless Chromium (a fresh temporary profile per launch). */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new TestFailure(`chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  }
  const { chromium } = loadPlaywright();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: STEP_TIMEOUT_MS,
  });
}

/**
 * Opens a page that records console errors and uncaught page exceptions in `errors`.
 * Requests for /favicon.ico are answered with an empty 204 so a server without one does not
 * produce a "Failed to load resource" console error.
 */
export async function openPage(browser) {
  const context = await browser.newContext();
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  await context.route("**/favicon.ico", (route) => route.fulfill({ status: 204, body: "" }));
  const page = await context.newPage();
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      const where = msg.location() && msg.location().url ? ` (${msg.location().url})` : "";
      errors.push(`console error: ${msg.text()}${where}`);
    }
  });
  page.on("pageerror", (err) => errors.push(`page error: ${err.stack || err.message || err}`));
  return { context, page, errors };
}

/** Waits until the main LiveView container has the `phx-connected` class (joined). */
export async function waitConnected(page, timeoutMs = STEP_TIMEOUT_MS) {
  try {
    await page.waitForSelector("[data-phx-main].phx-connected", { state: "attached", timeout: timeoutMs });
  } catch {
    const state = await page
      .evaluate(() => {
        const el = document.querySelector("[data-phx-main]");
        return el ? `class="${el.className}"` : "no [data-phx-main] element on the page";
      })
      .catch((err) => `page not readable: ${err.message}`);
    throw new TestFailure(`LiveView did not connect within ${timeoutMs} ms (${state})`);
  }
}

/** Waits until the trimmed text of `selector` equals `expected`. */
export async function waitForText(page, selector, expected, timeoutMs = STEP_TIMEOUT_MS) {
  try {
    await page.waitForFunction(
      ([sel, want]) => {
        const el = document.querySelector(sel);
        return el !== null && el.textContent.trim() === want;
      },
      [selector, String(expected)],
      { timeout: timeoutMs, polling: 50 },
    );
  } catch {
    const actual = await page
      .evaluate((sel) => {
        const el = document.querySelector(sel);
        return el ? JSON.stringify(el.textContent.trim()) : "no such element";
      }, selector)
      .catch((err) => `page not readable: ${err.message}`);
    throw new TestFailure(
      `expected ${selector} to show ${JSON.stringify(String(expected))} within ${timeoutMs} ms, it shows ${actual}`,
    );
  }
}

/**
 * Waits until `predicate(arg)`, evaluated in the page every 50 ms, returns a truthy value.
 * On timeout, fails with `description` and what `explain(arg)` (also evaluated in the page)
 * says about the current state.
 */
export async function waitUntil(page, description, predicate, { arg = null, explain = null, timeoutMs = STEP_TIMEOUT_MS } = {}) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: timeoutMs, polling: 50 });
  } catch {
    const state = explain
      ? await page.evaluate(explain, arg).catch((err) => `page not readable: ${err.message}`)
      : "";
    throw new TestFailure(`${description}: not within ${timeoutMs} ms${state ? ` (${state})` : ""}`);
  }
}

/** Fails if any console error or page error was recorded. */
export function assertNoErrors(errors) {
  if (errors.length > 0) {
    throw new TestFailure(`the page reported ${errors.length} error(s):\n  ${errors.join("\n  ")}`);
  }
}

/**
 * Runs `scenario({ browser, page, errors, log })` in a fresh browser, then checks that the page
 * reported no errors. Prints PASS/FAIL and sets the exit status (0 or 1). The whole run is bounded
 * by `deadlineMs`; the browser is always closed.
 */
export async function runBrowserTest(name, scenario, { deadlineMs = 120_000 } = {}) {
  const log = (msg) => console.log(`[${name}] ${msg}`);
  const watchdog = setTimeout(() => {
    console.error(`FAIL ${name}: did not finish within ${deadlineMs} ms`);
    process.exit(1); // playwright kills the browser it launched when the process exits
  }, deadlineMs);
  watchdog.unref();
  let browser = null;
  try {
    browser = await launchBrowser();
    const { page, errors } = await openPage(browser);
    await scenario({ browser, page, errors, log });
    assertNoErrors(errors);
    console.log(`PASS ${name}`);
    process.exitCode = 0;
  } catch (err) {
    const message = err instanceof TestFailure ? err.message : err && err.stack ? err.stack : String(err);
    console.error(`FAIL ${name}: ${message}`);
    process.exitCode = 1;
  } finally {
    if (browser) {
      await Promise.race([
        browser.close().catch(() => {}),
        new Promise((done) => setTimeout(done, 10_000).unref()),
      ]);
    }
    clearTimeout(watchdog);
  }
}
