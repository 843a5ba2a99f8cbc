// Browser test of live inside axum (examples/axum-app): `node tests/js/browser_axum.mjs http://127.0.0.1:PORT/`.
//
// Signs in as "ada" (the demo_user cookie its axum middleware reads), then checks that:
// the page came through the app's tower-http gzip layer and its static render saw the user;
// the connected mount saw the user too (connect info from the WebSocket upgrade); three clicks
// on #inc count 1, 2, 3; the axum JSON route reads the same shared count; and a JSON POST to
// axum updates the open dashboard through live's PubSub.
// Fails on any console error or page error. Exit status: 0 on success, 1 on any failure.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitForText } from "./browser_support.mjs";

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error("usage: node tests/js/browser_axum.mjs http://127.0.0.1:PORT/");
  process.exit(1);
}

function expect(condition, message) {
  if (!condition) throw new TestFailure(message);
}

await runBrowserTest("browser_axum", async ({ page, log }) => {
  await page.context().addCookies([{ name: "demo_user", value: "ada", url }]);
  const response = await page.goto(url, { waitUntil: "load" });
  expect(response.status() === 200, `GET / answered ${response.status()}`);
  const encoding = response.headers()["content-encoding"];
  expect(encoding === "gzip", `the page should come gzipped by the tower layer, content-encoding: ${encoding}`);
  const html = await response.text();
  expect(
    html.includes('<strong id="user">ada</strong>') && html.includes('<span id="mode">static</span>'),
    `the static render should show user ada in static mode:\n${html}`,
  );
  log("static render: gzip, user ada");

  await waitConnected(page);
  await waitForText(page, "#mode", "live");
  await waitForText(page, "#user", "ada");
  await waitForText(page, "#count", "0");
  log("connected mount: user ada, count 0");

  for (const expected of [1, 2, 3]) {
    await page.click("#inc");
    await waitForText(page, "#count", expected);
    log(`clicked #inc, count is ${expected}`);
  }

  const api = await page.request.get(new URL("api/counter", url).href);
  expect(api.status() === 200, `GET /api/counter answered ${api.status()}`);
  const body = await api.json();
  expect(body.count === 3 && body.user === "ada", `GET /api/counter: ${JSON.stringify(body)}`);
  log(`axum JSON route: ${JSON.stringify(body)}`);

  const post = await page.request.post(new URL("api/counter/increment", url).href, { data: { by: 2 } });
  const posted = await post.json();
  expect(post.status() === 200 && posted.count === 5, `POST /api/counter/increment: ${post.status()} ${JSON.stringify(posted)}`);
  await waitForText(page, "#count", "5");
  log("axum JSON POST reached the open dashboard: count is 5");
});
