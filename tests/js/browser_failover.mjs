// Browser test of failover behind a load balancer:
//   node tests/js/browser_failover.mjs http://127.0.0.1:BALANCER/?name=ada http://127.0.0.1:CONTROL
//
// The page is the `presence` example: #node shows the id of the node serving the view, the
// form #notes (phx-change="note") holds the textarea #note, and #saved-note shows what the
// server received. CONTROL answers GET /kill/{node id} by killing that node's process
// (SIGKILL: its sockets just drop, no close frame) and returns once it is dead.
//
// Checks: the note typed on the first node is saved there; after that node is killed the
// client reconnects through the balancer to the other node (#node changes), the view is
// mounted again there, and form recovery sends the half-typed note, so #saved-note shows it
// on the new node and the textarea still holds it. Exit status: 0 on success, 1 on failure.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const [url, control] = process.argv.slice(2);
if (!url || !/^https?:\/\//.test(url) || !control) {
  console.error("usage: node tests/js/browser_failover.mjs http://127.0.0.1:BALANCER/ http://127.0.0.1:CONTROL");
  process.exit(1);
}

const NOTE = "half-typed thought";

await runBrowserTest("browser_failover", async ({ page, errors, log }) => {
  await page.goto(url);
  await waitConnected(page);
  const first = (await page.textContent("#node")).trim();
  log(`connected to node ${first}`);
  await waitForText(page, "#me", "ada");

  await page.fill("#note", NOTE);
  await waitForText(page, "#saved-note", NOTE);

  const response = await fetch(`${control}/kill/${first}`, { signal: AbortSignal.timeout(20_000) });
  const answer = await response.text();
  if (answer !== "killed") throw new TestFailure(`control: ${answer}`);
  log(`node ${first} killed`);

  await waitUntil(
    page,
    "the view reconnects to the other node",
    (first) => {
      const node = document.querySelector("#node");
      const main = document.querySelector("[data-phx-main]");
      return node && main && main.classList.contains("phx-connected") && node.textContent.trim() !== first;
    },
    { arg: first, timeoutMs: 20_000, explain: () => document.querySelector("#node")?.textContent },
  );
  const second = (await page.textContent("#node")).trim();
  log(`reconnected to node ${second}`);
  await waitForText(page, "#saved-note", NOTE);
  const kept = await page.inputValue("#note");
  if (kept !== NOTE) throw new TestFailure(`the textarea holds ${JSON.stringify(kept)}`);
  await waitForText(page, "#me", "ada");
  // The balancer's health check has marked the dead node down: every new page load is
  // answered, and by the surviving node.
  for (let i = 0; i < 10; i++) {
    const reply = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const body = await reply.text();
    if (reply.status !== 200) throw new TestFailure(`page load ${i} through the balancer: ${reply.status}`);
    if (!body.includes(second)) throw new TestFailure(`page load ${i} was not served by node ${second}`);
  }
  // Chromium reports the refused reconnect attempts to the killed node, if any got through.
  errors.splice(0, errors.length, ...errors.filter((e) => !/WebSocket|ERR_CONNECTION|502|503/.test(e)));
});
