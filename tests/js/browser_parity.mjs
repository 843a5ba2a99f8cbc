// Browser test of Phoenix parity (issue 21): `node tests/js/browser_parity.mjs http://127.0.0.1:PORT <mode>`.
//
// Modes:
// - title: the title a view sets in mount is the page's title before the socket connects, with
//   the configured prefix and suffix; a title set by an event keeps them (data-prefix/suffix).
// - actions: one view at /posts, /posts/new and /posts/:id/edit: patch links open the modal
//   form without remounting (the click count stays), closing patches back, history works.
// - layout: a live session's own root layout is used and the view connects in it; the server's
//   LiveSocket options (maxReloads) and a page script's `params` function (time zone) reach the
//   official client and, through the join, the connected mount.
// - portal: a dialog rendered through <.portal target="body"> appears as a child of <body>,
//   outside the view's container; its buttons reach the view and its count follows the view's
//   updates; closing removes it.
// - hooks: a view's colocated hook (its JS in a sibling file, no head_html) runs on its element
//   and pushes an event; its colocated styles apply.
// Exit status: 0 on success (prints PASS), 1 on any failure.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const base = process.argv[2];
const mode = process.argv[3];
if (!base || !/^https?:\/\//.test(base) || !["title", "actions", "layout", "portal", "hooks"].includes(mode)) {
  console.error("usage: node tests/js/browser_parity.mjs http://127.0.0.1:PORT title|actions|layout|portal|hooks");
  process.exit(1);
}

async function waitTitle(page, expected) {
  await waitUntil(page, `the title is ${expected}`, (expected) => document.title === expected, {
    arg: expected,
    explain: () => JSON.stringify(document.title),
  });
}

await runBrowserTest(`browser_parity ${mode}`, async ({ page, log }) => {
  if (mode === "title") {
    // Scripts off: what a crawler or a link preview sees.
    const response = await page.request.get(`${base}/titled/7`);
    const html = await response.text();
    if (!html.includes(">Acme · Post 7 !</title>")) {
      throw new TestFailure(`the HTTP render lacks the view's title: ${html.slice(0, 400)}`);
    }
    await page.goto(`${base}/titled/7`, { waitUntil: "load" });
    await waitConnected(page);
    await waitTitle(page, "Acme · Post 7 !");
    await page.click("#rename");
    await waitTitle(page, "Acme · Renamed !");
    log("title from mount in the HTTP render; the event's title keeps prefix and suffix");
  }

  if (mode === "actions") {
    await page.goto(`${base}/posts`, { waitUntil: "load" });
    await waitConnected(page);
    await page.evaluate(() => { window.__samePage = true; });
    await waitForText(page, "#action", "index");
    await page.click("#click");
    await waitForText(page, "#click", "1");
    await page.click("#new");
    await waitForText(page, "#action", "new");
    await waitForText(page, "#modal h2", "New post");
    if (new URL(page.url()).pathname !== "/posts/new") throw new TestFailure(`URL ${page.url()}`);
    await page.click("#edit");
    await waitForText(page, "#action", "edit");
    await waitForText(page, "#editing", "7");
    await page.click("#close");
    await waitForText(page, "#action", "index");
    await waitUntil(page, "the modal is gone", () => !document.getElementById("modal"));
    if (new URL(page.url()).pathname !== "/posts") throw new TestFailure(`URL ${page.url()}`);
    await page.goBack();
    await waitForText(page, "#action", "edit");
    await waitForText(page, "#click", "1");
    if (!(await page.evaluate(() => window.__samePage === true))) {
      throw new TestFailure("the page was reloaded; patches should keep it");
    }
    log("index -> new -> edit -> close -> back, one mount, the count kept");
  }

  if (mode === "portal") {
    await page.goto(`${base}/dialog`, { waitUntil: "load" });
    await waitConnected(page);
    await page.click("#open");
    await waitUntil(page, "the dialog is a child of <body>", () => {
      const dialog = document.getElementById("dialog");
      return dialog && dialog.parentElement === document.body && !document.querySelector("[data-phx-main]").contains(dialog);
    }, { explain: () => document.body.innerHTML.slice(0, 600) });
    await page.click("#dialog-inc");
    await page.click("#dialog-inc");
    await waitForText(page, "#dialog-count", "2");
    await waitForText(page, "#outside", "2");
    await page.click("#dialog-close");
    await waitUntil(page, "the dialog is gone", () => !document.getElementById("dialog"));
    log("teleported to <body>, events and updates through the view, removed on close");
  }

  if (mode === "hooks") {
    await page.goto(`${base}/chart`, { waitUntil: "load" });
    await waitConnected(page);
    await waitForText(page, "#chart", "drawn by the colocated hook");
    await waitForText(page, "#drawn", "true");
    const border = await page.evaluate(() => getComputedStyle(document.getElementById("chart")).borderTopColor);
    if (border !== "rgb(1, 2, 3)") throw new TestFailure(`colocated styles not applied: ${border}`);
    log("colocated hook ran and pushed its event; colocated styles applied");
  }

  if (mode === "layout") {
    await page.goto(`${base}/admin/me?guest=1`, { waitUntil: "load" });
    await waitConnected(page);
    await waitForText(page, "#me", "guest");
    const layout = await page.evaluate(() => [document.documentElement.dataset.layout, document.body.className, !!document.getElementById("admin-bar")]);
    if (layout[0] !== "admin" || layout[1] !== "admin" || !layout[2]) {
      throw new TestFailure(`the admin root layout was not used: ${JSON.stringify(layout)}`);
    }
    const maxReloads = await page.evaluate(() => window.liveSocket.maxReloads);
    if (maxReloads !== 7) throw new TestFailure(`maxReloads from the server's options: ${maxReloads}`);
    await page.goto(`${base}/whoami`, { waitUntil: "load" });
    await waitConnected(page);
    await waitForText(page, "#connected", "true");
    await waitForText(page, "#tz", "Mars/Olympus");
    await waitForText(page, "#peer", "127.0.0.1");
    log("own root layout, server options and page params reach the client and the mount");
  }
});
