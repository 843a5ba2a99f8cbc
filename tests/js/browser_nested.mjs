// Browser test of the nested example: `node tests/js/browser_nested.mjs http://127.0.0.1:PORT/ <mode>`.
//
// Modes:
// - events: the clock child joins after the dashboard; its clicks go out on its own topic and
//   leave the dashboard's count alone; "Lap" reaches the dashboard through the parent handle,
//   "Reset the clock" reaches the clock through the child handle.
// - crash: the clock panics; the client rejoins the clock alone (a fresh clock), the dashboard
//   never shows an error, keeps its count and keeps answering.
// - sticky: a note added to the sticky panel survives live navigation to /about and back, on
//   one WebSocket, without a page load.
// Exit status: 0 on success (prints PASS), 1 on any failure.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const url = process.argv[2];
const mode = process.argv[3];
if (!url || !/^https?:\/\//.test(url) || !["events", "crash", "sticky"].includes(mode)) {
  console.error("usage: node tests/js/browser_nested.mjs http://127.0.0.1:PORT/ events|crash|sticky");
  process.exit(1);
}

/** Records the [topic, event, payload event] of every frame the page sends. */
function recordSent(page) {
  const sent = [];
  page.on("websocket", (ws) => {
    ws.on("framesent", ({ payload }) => {
      try {
        const [, , topic, event, body] = JSON.parse(String(payload));
        sent.push({ topic, event, name: body && body.event });
      } catch {
        // not a channel frame
      }
    });
  });
  return sent;
}

async function waitViewConnected(page, id) {
  await waitUntil(page, `#${id} is a connected view`, (id) => {
    const el = document.getElementById(id);
    return el && el.classList.contains("phx-connected");
  }, { arg: id, explain: (id) => document.getElementById(id)?.className ?? "no element" });
}

async function seconds(page) {
  return Number((await page.textContent("#seconds")).trim());
}

async function waitSecondsAtLeast(page, n) {
  await waitUntil(page, `the clock reaches ${n} s`, (n) => Number(document.querySelector("#seconds").textContent) >= n, {
    arg: n,
    explain: () => document.querySelector("#seconds").textContent,
    timeoutMs: 8000,
  });
}

await runBrowserTest(`browser_nested ${mode}`, async ({ page, log }) => {
  const sent = recordSent(page);
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  await waitViewConnected(page, "clock");
  const main = await page.getAttribute("[data-phx-main]", "id");
  log(`dashboard ${main} and clock joined`);

  if (mode === "events") {
    await page.click("#inc");
    await page.click("#inc");
    await waitForText(page, "#count", "2");
    await waitSecondsAtLeast(page, 2);
    const before = sent.length;
    await page.click("#lap");
    await waitUntil(page, "the lap reaches the dashboard", () => /^\d+ s$/.test(document.querySelector("#last-lap").textContent.trim()), {
      explain: () => document.querySelector("#last-lap").textContent,
    });
    const lapFrames = sent.slice(before).filter((f) => f.event === "event");
    if (lapFrames.length !== 1 || lapFrames[0].topic !== "lv:clock" || lapFrames[0].name !== "lap") {
      throw new TestFailure(`the lap click should be one event on lv:clock, was ${JSON.stringify(lapFrames)}`);
    }
    await waitForText(page, "#count", "2");
    log(`lap shown on the dashboard: ${(await page.textContent("#last-lap")).trim()}`);
    await waitSecondsAtLeast(page, 3);
    await page.click("#reset-clock");
    await waitUntil(page, "the clock restarts", () => Number(document.querySelector("#seconds").textContent) < 2, {
      explain: () => document.querySelector("#seconds").textContent,
    });
    await waitForText(page, "#count", "2");
    log("reset reached the clock; the count is still 2");
  }

  if (mode === "crash") {
    await page.evaluate(() => {
      window.__mainErrors = 0;
      const mainEl = document.querySelector("[data-phx-main]");
      new MutationObserver(() => {
        if (mainEl.classList.contains("phx-error")) window.__mainErrors += 1;
      }).observe(mainEl, { attributes: true, attributeFilter: ["class"] });
    });
    for (const _ of [1, 2, 3]) await page.click("#inc");
    await waitForText(page, "#count", "3");
    await waitSecondsAtLeast(page, 3);
    const joinsBefore = sent.filter((f) => f.topic === "lv:clock" && f.event === "phx_join").length;
    await page.click("#crash-clock");
    await waitUntil(page, "a fresh clock runs", () => {
      const el = document.getElementById("clock");
      return el.classList.contains("phx-connected") && Number(document.querySelector("#seconds").textContent) < 3;
    }, { explain: () => `${document.getElementById("clock").className} ${document.querySelector("#seconds").textContent}` });
    const joinsAfter = sent.filter((f) => f.topic === "lv:clock" && f.event === "phx_join").length;
    if (joinsAfter <= joinsBefore) {
      throw new TestFailure(`the clock was not rejoined (${joinsBefore} joins before, ${joinsAfter} after)`);
    }
    const mainJoins = sent.filter((f) => f.topic === `lv:${main}` && f.event === "phx_join").length;
    if (mainJoins !== 1) {
      throw new TestFailure(`the dashboard was joined ${mainJoins} times; only the clock should rejoin`);
    }
    if ((await page.evaluate(() => window.__mainErrors)) !== 0) {
      throw new TestFailure("the dashboard showed phx-error");
    }
    await waitForText(page, "#count", "3");
    await page.click("#inc");
    await waitForText(page, "#count", "4");
    log("the clock rejoined alone; the dashboard kept its count and answers");
  }

  if (mode === "sticky") {
    let sockets = 0;
    page.on("websocket", () => (sockets += 1));
    await waitViewConnected(page, "notes");
    await page.evaluate(() => (window.__samePage = true));
    await page.fill("#note-text", "remember");
    await page.press("#note-text", "Enter");
    await waitForText(page, "#note-count", "1");
    await page.click("#to-about");
    await page.waitForSelector("#about", { state: "attached" });
    await waitConnected(page);
    await waitViewConnected(page, "notes");
    await waitForText(page, "#note-count", "1");
    const notes = (await page.textContent("#note-list")).trim();
    if (notes !== "remember") {
      throw new TestFailure(`the sticky notes after navigation show ${JSON.stringify(notes)}`);
    }
    await page.fill("#note-text", "again");
    await page.press("#note-text", "Enter");
    await waitForText(page, "#note-count", "2");
    await page.click("#to-dashboard");
    await page.waitForSelector("#dashboard", { state: "attached" });
    await waitConnected(page);
    await waitForText(page, "#note-count", "2");
    if (!(await page.evaluate(() => window.__samePage === true))) {
      throw new TestFailure("the page was loaded again");
    }
    if (sockets !== 0) {
      throw new TestFailure(`${sockets} new WebSocket(s) were opened during navigation`);
    }
    const notesJoins = sent.filter((f) => f.topic === "lv:notes" && f.event === "phx_join").length;
    if (notesJoins !== 1) {
      throw new TestFailure(`the notes panel was joined ${notesJoins} times; it should stay joined`);
    }
    log("the sticky notes kept their state across /about and back on one socket");
  }
});
