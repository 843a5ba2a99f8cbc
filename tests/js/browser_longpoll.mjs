// Browser test of the long-poll fallback: `node tests/js/browser_longpoll.mjs http://127.0.0.1:PORT/`.
//
// The URL is the counter page (at the root or under a mount path) behind a proxy that refuses
// WebSocket upgrades with 403. Expects the client to fall back to long polling: the view
// connects, the socket's transport is the client's LongPoll, clicks on #inc update #count
// (1, 2, 3) through posts and polls on /live/longpoll, and a reload connects over long polling
// again with a fresh count. The only
// console errors allowed are Chromium's reports of the refused WebSocket handshakes (at least
// one is required: it proves the WebSocket was tried and refused).
// Exit status: 0 on success, 1 on any failure.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitForText } from "./browser_support.mjs";

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error("usage: node tests/js/browser_longpoll.mjs http://127.0.0.1:PORT/");
  process.exit(1);
}

const refusedHandshake = /WebSocket connection to '.*\/live\/websocket.*' failed/;

await runBrowserTest("browser_longpoll", async ({ page, errors, log }) => {
  const requests = { get: 0, post: 0 };
  page.on("request", (request) => {
    // `/live/longpoll`, under the page's mount path if any (e.g. `/nested/live/longpoll`).
    if (new URL(request.url()).pathname.endsWith("/live/longpoll")) {
      if (request.method() === "GET") requests.get++;
      if (request.method() === "POST") requests.post++;
    }
  });

  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  await waitForText(page, "#count", "0");
  const transport = await page.evaluate(() => {
    const socket = window.liveSocket.getSocket();
    return socket.transport === socket.getLongPollTransport() ? "LongPoll" : String(socket.transport && socket.transport.name);
  });
  if (transport !== "LongPoll") {
    throw new TestFailure(`expected the LongPoll transport, the socket uses ${transport}`);
  }
  log(`connected over long polling (${requests.get} polls, ${requests.post} posts so far)`);

  for (const expected of [1, 2, 3]) {
    const postsBefore = requests.post;
    await page.click("#inc");
    await waitForText(page, "#count", expected);
    if (requests.post <= postsBefore) {
      throw new TestFailure(`the click to ${expected} was not posted to /live/longpoll`);
    }
    log(`clicked #inc, count is ${expected}`);
  }

  await page.reload({ waitUntil: "load" });
  await waitConnected(page);
  await waitForText(page, "#count", "0");
  log(`reloaded, connected again, count is 0 (${requests.get} polls, ${requests.post} posts in all)`);

  const refused = errors.filter((e) => refusedHandshake.test(e));
  if (refused.length === 0) {
    throw new TestFailure("no refused WebSocket handshake was reported: was the WebSocket tried?");
  }
  // The refused handshakes are expected; any other error fails the test.
  errors.splice(0, errors.length, ...errors.filter((e) => !refusedHandshake.test(e)));
  log(`${refused.length} refused WebSocket handshake(s), as the proxy intends`);
});
