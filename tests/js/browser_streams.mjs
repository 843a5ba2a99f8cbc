// Browser test of streams: `node tests/js/browser_streams.mjs http://127.0.0.1:PORT/ <mode>`.
//
// Modes (the feed example unless said otherwise):
// - scroll: scrolling to the bottom loads the next page, the DOM holds at most 60 rows once each
//   patch settled (pruned rows fade out through their phx-remove transition first), and
//   scrolling back up restores the rows that had left at the top.
// - edit: a deleted row disappears; "Edit" turns a row into a form in place and saving
//   replaces the row's title without moving it; "Back to the top" resets the list.
// - live: new items arrive at the top on the timer, within the limit.
// - reconnect: after scrolling, the socket drops and comes back; the rejoin shows exactly the
//   first page again (no stale or duplicate rows) and scrolling still loads pages.
// - playlist: the playlist view of tests/playlist: inserts at the top, at an index, upserts,
//   appends before a trailing non-stream child, a limit, a delete, an unrelated change and a
//   reset; after each, the row ids must equal what LiveViewTest shows (tests/streams.rs).
// - component: the LiveComponent of tests/stream_box owning a stream, through real clicks on
//   its buttons (all `phx-target={@myself}`): appends, inserts at the top and at an index, an
//   upsert in place, update-only inserts, a row's own delete button, a delete by DOM id, limits
//   both ways, many at once, the stream's configured limit, a re-render by the page, a reset,
//   and the component taken off the page and put back (a fresh stream); after each, the row ids
//   must equal what LiveViewTest shows (tests/component_streams.rs).
// Exit status: 0 on success (prints PASS), 1 on any failure.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitUntil } from "./browser_support.mjs";

const url = process.argv[2];
const mode = process.argv[3];
const modes = ["scroll", "edit", "live", "reconnect", "playlist", "component"];
if (!url || !/^https?:\/\//.test(url) || !modes.includes(mode)) {
  console.error(`usage: node tests/js/browser_streams.mjs http://127.0.0.1:PORT/ ${modes.join("|")}`);
  process.exit(1);
}

const LIMIT = 60;

/** The ids of the container's children, in order. */
async function ids(page, container = "#items") {
  return page.$$eval(`${container} > *`, (els) => els.map((el) => el.id));
}

function range(from, to) {
  const out = [];
  for (let i = from; i < to; i++) out.push(`items-${i}`);
  return out;
}

function same(actual, expected) {
  return actual.length === expected.length && actual.every((x, i) => x === expected[i]);
}

async function expectIds(page, expected, what, container = "#items") {
  await waitUntil(
    page,
    `${what}: rows ${JSON.stringify(expected.length > 8 ? [expected[0], "…", expected[expected.length - 1]] : expected)}`,
    ({ container, expected }) => {
      const now = [...document.querySelectorAll(`${container} > *`)].map((el) => el.id);
      return now.length === expected.length && now.every((x, i) => x === expected[i]);
    },
    {
      arg: { container, expected },
      explain: ({ container }) => JSON.stringify([...document.querySelectorAll(`${container} > *`)].map((el) => el.id)),
    },
  );
}

/** Scrolls to the very bottom and waits for the last row to change. */
async function scrollDown(page) {
  const before = (await ids(page)).at(-1);
  // From a little above the bottom, so that the scroll goes down whatever the position was.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight - window.innerHeight - 300));
  await page.waitForTimeout(100);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await waitUntil(page, `a page after ${before}`, (before) => {
    const rows = document.querySelectorAll("#items > *");
    return rows.length > 0 && rows[rows.length - 1].id !== before;
  }, { arg: before });
  // The hook throttles its events to one per 500 ms.
  await page.waitForTimeout(550);
}

/** Scrolls to the very top and waits for the first row to change. */
async function scrollUp(page) {
  const before = (await ids(page))[0];
  await page.evaluate(() => window.scrollTo(0, 300));
  await page.waitForTimeout(100);
  await page.evaluate(() => window.scrollTo(0, 0));
  await waitUntil(page, `a page before ${before}`, (before) => {
    const first = document.querySelector("#items > *");
    return first && first.id !== before;
  }, { arg: before });
  await page.waitForTimeout(550);
}

async function watchMostRows(page) {
  await page.evaluate(() => {
    window.__mostRows = document.querySelectorAll("#items > *").length;
    new MutationObserver(() => {
      window.__mostRows = Math.max(window.__mostRows, document.querySelectorAll("#items > *").length);
    }).observe(document.getElementById("items"), { childList: true });
  });
}

async function push(page, event, value) {
  await page.evaluate(({ event, value }) => {
    window.liveSocket.execJS(document.getElementById("songs"), JSON.stringify([["push", { event, value }]]));
  }, { event, value });
}

await runBrowserTest(`browser_streams ${mode}`, async ({ page, log }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  // New items arrive every 200 ms for the live mode, never in the others.
  const tick = mode === "live" ? 200 : 0;
  const ownRoute = mode === "playlist" || mode === "component";
  await page.goto(ownRoute ? url : `${url}?tick=${tick}`, { waitUntil: "load" });
  await waitConnected(page);

  if (mode === "component") {
    const items = (...numbers) => numbers.map((n) => `items-${n}`);
    const title = async (id, text) =>
      waitUntil(page, `${id} reads ${text}`, ({ id, text }) => document.querySelector(`#${id} .title`)?.textContent === text, {
        arg: { id, text },
        explain: ({ id }) => document.querySelector(`#${id} .title`)?.textContent,
      });
    const steps = [
      [null, items(1, 2)],
      ["#append", items(1, 2, 3)],
      ["#prepend", items(4, 1, 2, 3)],
      ["#insert-at-1", items(4, 5, 1, 2, 3)],
      ["#rename-2", items(4, 5, 1, 2, 3), () => title("items-2", "Renamed 2 (1)")],
      ["#touch-2", items(4, 5, 1, 2, 3), () => title("items-2", "Touched 2")],
      ["#touch-99", items(4, 5, 1, 2, 3)],
      ["#items-3 button", items(4, 5, 1, 2)],
      ["#delete-dom-1", items(4, 5, 2)],
      ["#prepend-limit", items(6, 4, 5)],
      ["#append-limit", items(4, 5, 7)],
      ["#many", items(4, 5, 7, 8, 9, 10)],
      ["#configure", items(4, 5, 7, 8, 9, 10)],
      ["#append", items(8, 9, 10, 11)],
      ["#retitle", items(8, 9, 10, 11), () => waitUntil(page, "the new title", () => document.getElementById("box-title").textContent === "Items!")],
      ["#reset", items(12)],
      ["#toggle", [], () => page.waitForSelector("#hidden")],
      ["#toggle", items(1, 2), () => page.waitForSelector("#box")],
      ["#append", items(1, 2, 3)],
    ];
    for (const [selector, expected, check] of steps) {
      if (selector) await page.click(selector);
      if (check) await check();
      if (selector === "#toggle" && expected.length === 0) {
        if (await page.$("#items")) throw new TestFailure("the container stayed after the component left");
        continue;
      }
      await expectIds(page, expected, selector ? `after ${selector}` : "mounted");
      // Every row is a stream row, stamped by the client.
      const stamped = await page.$$eval("#items > *", (els) => els.every((el) => el.getAttribute("data-phx-stream") === "items"));
      if (!stamped) throw new TestFailure(`after ${selector}: a row without data-phx-stream`);
    }
    log("every operation of a component's stream leaves the rows LiveViewTest shows");
    return;
  }

  if (mode === "playlist") {
    const steps = [
      [null, null, ["songs-1", "songs-2", "songs-footer"]],
      ["insert", { id: 3, title: "Three", at: 0 }, ["songs-3", "songs-1", "songs-2", "songs-footer"]],
      ["insert", { id: 4, title: "Four", at: 1 }, ["songs-3", "songs-4", "songs-1", "songs-2", "songs-footer"]],
      ["insert", { id: 1, title: "Uno", at: 0 }, ["songs-3", "songs-4", "songs-1", "songs-2", "songs-footer"]],
      ["insert", { id: 5, title: "Five" }, ["songs-3", "songs-4", "songs-1", "songs-2", "songs-5", "songs-footer"]],
      ["insert", { id: 6, title: "Six", at: 0, limit: 3 }, ["songs-6", "songs-3", "songs-4"]],
      ["delete", { id: 3 }, ["songs-6", "songs-4", "songs-footer"]],
      ["heading", { title: "Mix" }, ["songs-6", "songs-4", "songs-footer"]],
      ["reset", { id: 9, title: "Nine" }, ["songs-9", "songs-footer"]],
    ];
    for (const [event, value, expected] of steps) {
      if (event) await push(page, event, value);
      if (event === "heading") await waitUntil(page, "the heading", () => document.querySelector("h1").textContent === "Mix");
      await expectIds(page, expected, event ? `after ${event} ${JSON.stringify(value)}` : "mounted", "#songs");
      if (event === "insert" && value.id === 1) {
        await waitUntil(page, "the upserted title", () => document.getElementById("songs-1").textContent === "Uno");
      }
    }
    log("every operation leaves the rows LiveViewTest shows");
    return;
  }

  if (mode !== "live") await expectIds(page, range(0, 20), "the first page");
  await watchMostRows(page);

  if (mode === "scroll") {
    // Six pages down (a scroll the hook reads otherwise, on a loaded machine, is retried).
    const lastNumber = async () => Number((await ids(page)).at(-1).replace("items-", ""));
    for (let i = 0; i < 12 && (await lastNumber()) < 139; i++) {
      await scrollDown(page);
      await waitUntil(page, `after page ${i + 1} at most ${LIMIT} rows`, (limit) => document.querySelectorAll("#items > *").length <= limit, {
        arg: LIMIT,
        explain: () => `${document.querySelectorAll("#items > *").length} rows`,
        timeoutMs: 3000,
      });
    }
    // The rows are one contiguous window of the last 60 loaded (the hook may fire once more on
    // its own after a page: the window need not end on a page boundary).
    const number = (id) => Number(id.replace("items-", ""));
    const down = await ids(page);
    const last = number(down.at(-1));
    if (down.length !== LIMIT || last < 119 || !same(down, range(last - LIMIT + 1, last + 1))) {
      throw new TestFailure(`after six pages down: ${down.length} rows, ${down[0]} … ${down.at(-1)}`);
    }
    log(`six pages down: ${down[0]} … ${down.at(-1)}`);
    await scrollUp(page);
    await waitUntil(page, `after a page up at most ${LIMIT} rows`, (limit) => document.querySelectorAll("#items > *").length <= limit, { arg: LIMIT, timeoutMs: 3000 });
    const up = await ids(page);
    const first = number(up[0]);
    if (first > number(down[0]) - 20 || !same(up, range(first, first + up.length))) {
      throw new TestFailure(`after a page up: ${up.length} rows, ${up[0]} … ${up.at(-1)}`);
    }
    log(`a page up restored ${up[0]} … ${up.at(-1)}`);
    if (up.length > LIMIT) throw new TestFailure(`after a page up the DOM holds ${up.length} rows`);
    // Rows pruned by the limit run their phx-remove transition (150 ms) before they leave, so
    // for a moment the DOM holds them too.
    const most = await page.evaluate(() => window.__mostRows);
    log(`once each patch settled the DOM held at most ${LIMIT} rows (${most} at a moment, fading rows included)`);
  } else if (mode === "edit") {
    await page.click("#items-5 .delete");
    const withoutFive = range(0, 20).filter((id) => id !== "items-5");
    await expectIds(page, withoutFive, "after deleting items-5");
    await page.click("#items-3 .edit");
    await page.waitForSelector("#items-3 form#edit-3");
    await expectIds(page, withoutFive, "the edited row stays in place");
    await page.fill("#edit-3 input[name=title]", "Renamed");
    await page.click("#edit-3 button[type=submit]");
    await waitUntil(page, "the renamed row", () => document.querySelector("#items-3 .title")?.textContent === "Renamed");
    await expectIds(page, withoutFive, "the saved row stays in place");
    log("delete, edit and save in place");
    for (let i = 0; i < 3; i++) await scrollDown(page);
    await page.click("#top");
    await expectIds(page, withoutFive, "back to the top (reset)");
    log("reset to the first page");
  } else if (mode === "live") {
    // Live items arrive at the top, newest first, above the first page.
    await waitUntil(page, "five live items at the top", () => Number(document.querySelector("#items > *")?.id.replace("items-", "")) >= 1000004, {
      timeoutMs: 8000,
      explain: () => document.querySelector("#items > *")?.id,
    });
    const rows = await ids(page);
    const newest = Number(rows[0].replace("items-", ""));
    const live = [];
    for (let n = newest; n >= 1000000; n--) live.push(`items-${n}`);
    const expected = [...live, ...range(0, 20)].slice(0, LIMIT);
    if (!same(rows.slice(0, expected.length), expected) || rows.length > LIMIT + 1) {
      throw new TestFailure(`after live items: ${JSON.stringify(rows.slice(0, 8))} … (${rows.length} rows)`);
    }
    log(`${live.length} live items arrived at the top, newest first`);
  } else if (mode === "reconnect") {
    for (let i = 0; i < 4; i++) await scrollDown(page);
    log(`scrolled to ${(await ids(page)).at(-1)}`);
    await page.evaluate(() => window.liveSocket.disconnect());
    await waitUntil(page, "disconnected", () => !document.querySelector("[data-phx-main]").classList.contains("phx-connected"));
    await page.evaluate(() => window.liveSocket.connect());
    await waitConnected(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectIds(page, range(0, 20), "the rejoin's first page, nothing stale");
    log("the rejoin shows the first page again");
    await page.waitForTimeout(550);
    await scrollDown(page);
    await expectIds(page, range(0, 40), "a page after the rejoin");
    log("scrolling works after the rejoin");
  }
});
