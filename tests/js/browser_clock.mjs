// Browser test of the clock example: `node tests/js/browser_clock.mjs http://127.0.0.1:PORT/`.
//
// Waits for the view to connect, reads #time (HH:MM:SS) and checks that it changes within 3 s,
// pushed by the server's one-second interval, and stays well-formed. Fails on any console or
// page error. Exit status: 0 on success (prints PASS), 1 on any failure.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitUntil } from "./browser_support.mjs";

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error("usage: node tests/js/browser_clock.mjs http://127.0.0.1:PORT/");
  process.exit(1);
}

const TIME = /^\d\d:\d\d:\d\d$/;

await runBrowserTest("browser_clock", async ({ page, log }) => {
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  const start = (await page.textContent("#time")).trim();
  if (!TIME.test(start)) {
    throw new TestFailure(`#time shows ${JSON.stringify(start)}, not HH:MM:SS`);
  }
  log(`connected, the time is ${start}`);
  for (const _ of [1, 2]) {
    const before = (await page.textContent("#time")).trim();
    await waitUntil(page, `#time changes from ${before}`, (was) => document.querySelector("#time").textContent.trim() !== was, {
      arg: before,
      explain: () => document.querySelector("#time").textContent,
      timeoutMs: 3000,
    });
    const after = (await page.textContent("#time")).trim();
    if (!TIME.test(after)) {
      throw new TestFailure(`#time shows ${JSON.stringify(after)}, not HH:MM:SS`);
    }
    log(`ticked: ${before} -> ${after}`);
  }
});
