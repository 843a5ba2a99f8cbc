// Browser test of the components example: `node tests/js/browser_components.mjs http://127.0.0.1:PORT/ <mode>`.
//
// Modes:
// - rows: a click inside row 3 goes out with row 3's cid and opens its edit form only; the
//   form validates on change and saves through the page; the modal opens by a selector target
//   and closes itself; a PubSub ping reaches the first row through send_update; the activity
//   log (a component owning a stream) shows those actions newest first, a line dismisses
//   itself and "Clear" resets the stream.
// - destroy: deleting rows removes their components; the client's cids_will_destroy /
//   cids_destroyed pair reaches the server, whose count of live rows (/stats) goes down.
// - sticky: the sticky timer keeps its laps across live navigation to /about and back on one
//   socket; crashing it rejoins the timer alone while the page keeps its edited row.
// Exit status: 0 on success (prints PASS), 1 on any failure.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const url = process.argv[2];
const mode = process.argv[3];
if (!url || !/^https?:\/\//.test(url) || !["rows", "destroy", "sticky"].includes(mode)) {
  console.error("usage: node tests/js/browser_components.mjs http://127.0.0.1:PORT/ rows|destroy|sticky");
  process.exit(1);
}

/** Records the [topic, event, payload] of every frame the page sends. */
function recordSent(page) {
  const sent = [];
  page.on("websocket", (ws) => {
    ws.on("framesent", ({ payload }) => {
      try {
        const [, , topic, event, body] = JSON.parse(String(payload));
        sent.push({ topic, event, body });
      } catch {
        // not a channel frame
      }
    });
  });
  return sent;
}

async function stats() {
  const response = await fetch(new URL("/stats", url));
  return Number((await response.text()).trim());
}

await runBrowserTest(`browser_components ${mode}`, async ({ page, log }) => {
  const sent = recordSent(page);
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  const main = await page.getAttribute("[data-phx-main]", "id");

  if (mode === "rows") {
    await page.click("#row-3 button.edit");
    await page.waitForSelector("#edit-3", { state: "attached" });
    if (await page.$("#edit-2")) throw new TestFailure("row 2 opened its form too");
    const click = sent.filter((f) => f.event === "event" && f.body.event === "edit");
    if (click.length !== 1 || click[0].body.cid !== 3) {
      throw new TestFailure(`the edit click should carry cid 3: ${JSON.stringify(click)}`);
    }
    await page.fill("#edit-3 input[name=title]", "   ");
    await waitForText(page, "#edit-3 .error", "can't be blank");
    await page.fill("#edit-3 input[name=title]", "Ship it today");
    await page.press("#edit-3 input[name=title]", "Enter");
    await waitForText(page, "#row-3 .title", "Ship it today");
    log("row 3 edited through its own form");
    await page.click("#open-modal");
    await page.waitForSelector("#modal .modal-body", { state: "visible" });
    await page.click("#close-modal");
    await page.waitForSelector("#modal .modal-body", { state: "detached" });
    log("the modal opened by selector and closed itself");
    await page.click("#ping");
    await waitForText(page, "#row-1 .pings", "1");
    await waitForText(page, "#row-2 .pings", "0");
    log("the PubSub ping reached row 1 through send_update");
    const lines = () => page.$$eval("#activity-lines > li .line", (els) => els.map((el) => el.textContent));
    await waitUntil(page, "two activity lines", () => document.querySelectorAll("#activity-lines > li").length === 2);
    const shown = await lines();
    if (JSON.stringify(shown) !== JSON.stringify(["Pinged Buy milk", "Renamed todo 3 to Ship it today"])) {
      throw new TestFailure(`activity lines: ${JSON.stringify(shown)}`);
    }
    await page.click("#activity-1 button.dismiss");
    await page.waitForSelector("#activity-1", { state: "detached" });
    if ((await lines()).length !== 1) throw new TestFailure(`after a dismiss: ${JSON.stringify(await lines())}`);
    await page.click("#clear-activity");
    await waitUntil(page, "no activity line", () => document.querySelectorAll("#activity-lines > li").length === 0);
    log("the activity log streamed the actions, dismissed a line and cleared");
    await page.fill("#new-todo input[name=title]", " ");
    await waitForText(page, "#new-todo .error", "can't be blank");
    await page.fill("#new-todo input[name=title]", "Buy bread");
    await waitForText(page, "#new-todo .preview", "Buy bread");
    const joins = () => sent.filter((f) => f.topic === `lv:${main}` && f.event === "phx_join").length;
    const joinsBefore = joins();
    await page.click("#crash-page");
    const deadline = Date.now() + 10_000;
    while (joins() === joinsBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (joins() === joinsBefore) throw new TestFailure("the page did not rejoin after its crash");
    await waitConnected(page);
    await waitForText(page, "#new-todo .preview", "Buy bread");
    const recovery = sent.filter((f) => f.event === "event" && f.body.event === "validate" && f.body.cid === 5);
    if (recovery.length === 0) throw new TestFailure("no form recovery was sent to the component (cid 5)");
    log("after the crash the client's form recovery rebuilt the new-todo component");
  }

  if (mode === "destroy") {
    await waitUntil(page, "three rows", () => document.querySelectorAll("#todos li").length === 3);
    const before = await stats();
    if (before !== 3) throw new TestFailure(`the server holds ${before} rows, expected 3`);
    await page.click("#row-1 button.delete");
    await page.click("#row-2 button.delete");
    await waitUntil(page, "one row left", () => document.querySelectorAll("#todos li").length === 1);
    const deadline = Date.now() + 10_000;
    let now = await stats();
    while (now !== 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      now = await stats();
    }
    if (now !== 1) throw new TestFailure(`the server still holds ${now} rows after two deletes`);
    const destroyed = sent.filter((f) => f.event === "cids_destroyed").flatMap((f) => f.body.cids);
    if (JSON.stringify(destroyed.sort()) !== "[1,2]") {
      throw new TestFailure(`cids_destroyed sent for ${JSON.stringify(destroyed)}`);
    }
    log("two rows deleted: the client destroyed cids 1 and 2 and the server freed them");
  }

  if (mode === "sticky") {
    let sockets = 0;
    page.on("websocket", () => (sockets += 1));
    await page.waitForSelector("#timer.phx-connected", { state: "attached" });
    await page.click("#timer-lap");
    await page.click("#timer-lap");
    await waitForText(page, "#timer-laps", "2");
    await page.evaluate(() => (window.__samePage = true));
    await page.click("#to-about");
    await page.waitForSelector("#about-page", { state: "attached" });
    await waitConnected(page);
    await waitForText(page, "#timer-laps", "2");
    await page.click("#to-list");
    await page.waitForSelector("#todo-page", { state: "attached" });
    await waitConnected(page);
    await waitForText(page, "#timer-laps", "2");
    if (!(await page.evaluate(() => window.__samePage === true))) throw new TestFailure("the page was loaded again");
    if (sockets !== 0) throw new TestFailure(`${sockets} new WebSocket(s) during navigation`);
    const timerJoins = sent.filter((f) => f.topic === "lv:timer" && f.event === "phx_join").length;
    if (timerJoins !== 1) throw new TestFailure(`the timer was joined ${timerJoins} times`);
    log("the sticky timer kept its laps across /about and back");
    const page2 = await page.getAttribute("[data-phx-main]", "id");
    await page.click("#row-1 button.edit");
    await page.waitForSelector("#edit-1", { state: "attached" });
    const joinsBefore = sent.filter((f) => f.topic === `lv:${page2}` && f.event === "phx_join").length;
    await page.click("#timer-crash");
    await waitUntil(page, "a fresh timer", () => {
      const el = document.getElementById("timer");
      return el && el.classList.contains("phx-connected") && document.querySelector("#timer-laps").textContent === "0";
    });
    const mainJoins = sent.filter((f) => f.topic === `lv:${page2}` && f.event === "phx_join").length;
    if (mainJoins !== joinsBefore) throw new TestFailure(`the page was joined again after the timer crashed`);
    if (!(await page.$("#edit-1"))) throw new TestFailure("the page lost its open edit form");
    log(`the timer rejoined alone; the page (${main} then ${page2}) kept its state`);
  }
});
