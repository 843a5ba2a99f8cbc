// Browser test of the navigation example:
// `node tests/js/browser_navigation.mjs http://127.0.0.1:PORT/ patch|navigate|sessions`.
//
// The page counts full loads (`load` events) and WebSockets opened, and `window.__marker`,
// set after the first load, survives only as long as the document does.
// - `patch`: the tab links and the server's push_patch change the URL and the content; back and
//   forward restore both; no page load, one socket.
// - `navigate`: live navigation between the two views of the live session "app" (links, the
//   server's push_navigate, back) swaps the view with no page load, over the same socket.
// - `sessions`: a navigate link to the live session "admin" makes a full page load (the marker
//   is gone, a second socket), and the way back does too.
// Fails on any console or page error. Exit status: 0 on success (prints PASS), 1 on failure.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const base = process.argv[2];
const scenario = process.argv[3];
const scenarios = ["patch", "navigate", "sessions", "auth", "flash"];
if (!base || !/^https?:\/\//.test(base) || !scenarios.includes(scenario)) {
  console.error(`usage: node tests/js/browser_navigation.mjs http://127.0.0.1:PORT/ ${scenarios.join("|")}`);
  process.exit(1);
}
const origin = new URL(base).origin;

/** Counts full loads and sockets of `page`, and checks they stay as expected. */
function track(page) {
  const counts = { loads: 0, sockets: 0 };
  page.on("load", () => (counts.loads += 1));
  page.on("websocket", () => (counts.sockets += 1));
  return {
    counts,
    async expect(loads, sockets, marker, when) {
      const has = await page.evaluate(() => window.__marker === 1);
      if (counts.loads !== loads || counts.sockets !== sockets || has !== marker) {
        throw new TestFailure(
          `${when}: expected ${loads} load(s), ${sockets} socket(s), marker ${marker ? "kept" : "gone"}; ` +
            `got ${counts.loads} load(s), ${counts.sockets} socket(s), marker ${has ? "kept" : "gone"}`,
        );
      }
    },
  };
}

/** Waits until the URL is `origin + path` (path and query). */
async function waitForPath(page, path) {
  const want = origin + path;
  await waitUntil(page, `the URL becomes ${want}`, (w) => window.location.href === w, {
    arg: want,
    explain: () => window.location.href,
  });
}

/** Waits for tab `n` of the Tabs view: content, active link and URL. */
async function waitForTab(page, n, path) {
  const title = ["One", "Two", "Three"][n - 1];
  await waitForText(page, "#content h2", title);
  await waitUntil(page, `tab ${n}'s link is the active one`, (i) => document.querySelector("nav a.active")?.id === `tab-${i}`, {
    arg: n,
    explain: () => document.querySelector("nav a.active")?.id ?? "no active link",
  });
  await waitForPath(page, path);
}

async function start(page) {
  const tracker = track(page);
  await page.goto(base, { waitUntil: "load" });
  await waitConnected(page);
  await page.evaluate(() => (window.__marker = 1));
  await waitForTab(page, 1, "/");
  return tracker;
}

await runBrowserTest(`browser_navigation ${scenario}`, async ({ page, log }) => {
  const tracker = await start(page);
  log("connected on tab one");

  if (scenario === "patch") {
    await page.click("#tab-2");
    await waitForTab(page, 2, "/?tab=2");
    await page.click("#tab-3");
    await waitForTab(page, 3, "/?tab=3");
    await waitForText(page, "#params-calls", "3");
    log("patch links: tab two, tab three, handle_params ran 3 times (mount + 2 patches)");
    await tracker.expect(1, 1, true, "after patch links");

    await page.evaluate(() => history.back());
    await waitForTab(page, 2, "/?tab=2");
    await page.evaluate(() => history.back());
    await waitForTab(page, 1, "/");
    await page.evaluate(() => history.forward());
    await waitForTab(page, 2, "/?tab=2");
    log("back, back, forward: tab two, tab one, tab two");

    await page.click("#next");
    await waitForTab(page, 3, "/?tab=3");
    await page.click("#next");
    await waitForTab(page, 1, "/?tab=1");
    log("push_patch from the server: tab three, tab one");
    await page.evaluate(() => history.back());
    await waitForTab(page, 3, "/?tab=3");
    log("back after a server patch: tab three");
    await tracker.expect(1, 1, true, "after back/forward and server patches");
  }

  if (scenario === "navigate") {
    await page.click("#tab-2");
    await waitForTab(page, 2, "/?tab=2");
    await page.click("#to-about");
    await waitForText(page, "#about h1", "About");
    await waitForPath(page, "/about");
    await waitConnected(page);
    await tracker.expect(1, 1, true, "after navigating to /about");
    log("navigate link to /about: no page load, same socket");

    await page.evaluate(() => history.back());
    await waitForTab(page, 2, "/?tab=2");
    await waitConnected(page);
    await tracker.expect(1, 1, true, "after back to /?tab=2");
    log("back: the Tabs view again, on tab two");

    await page.click("#push-about");
    await waitForText(page, "#about h1", "About");
    await waitForPath(page, "/about");
    await waitConnected(page);
    await page.click("#push-home");
    await waitForTab(page, 2, "/?tab=2");
    await waitConnected(page);
    await tracker.expect(1, 1, true, "after push_navigate both ways");
    log("push_navigate to /about and back to /?tab=2: no page load, same socket");
  }

  if (scenario === "auth") {
    // The on_mount gate of /account redirects to the login page, with the flash it set.
    await page.click("#to-account");
    await waitForPath(page, "/login");
    await waitForText(page, "#error", "Please log in first");
    log("the auth gate redirected to /login with its flash");
    await page.fill("#name", "grace");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#submit")]);
    await waitForPath(page, "/account");
    await waitConnected(page);
    await waitForText(page, "#user", "grace");
    await waitForText(page, "#flash", "Welcome back");
    log("after logging in, /account shows the user and the login's flash");
    await page.click("#logout");
    await waitForTab(page, 1, "/");
    await waitConnected(page);
    await waitForText(page, "#flash", "Logged out");
    log("logged out: back on the tabs with a flash");
  }

  if (scenario === "flash") {
    await page.click("#flash-redirect");
    await waitForTab(page, 3, "/?tab=3");
    await waitConnected(page);
    await waitForText(page, "#flash", "Redirected with a flash");
    await tracker.expect(2, 2, false, "after a redirect (a full page load)");
    log("redirect with a flash: a full page load showing the flash");
  }

  if (scenario === "sessions") {
    await page.click("#to-admin");
    await waitForText(page, "#admin h1", "Admin");
    await waitForPath(page, "/admin");
    await waitConnected(page);
    await tracker.expect(2, 2, false, "after navigating to another live session");
    log("navigate link to /admin (another live session): a full page load, a new socket");

    await page.click("#to-tabs");
    await waitForTab(page, 1, "/");
    await waitConnected(page);
    await tracker.expect(3, 3, false, "after navigating back to the live session app");
    log("and back to / : a full page load again");
  }
});
