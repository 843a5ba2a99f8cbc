// Browser test of the chat example: `node tests/js/browser_chat.mjs http://127.0.0.1:PORT/`.
//
// Opens the lobby in two tabs (separate browser contexts, so separate sessions and sockets),
// sends a message from each through the `phx-submit` form and checks that both tabs show both
// messages, attributed to the sender's guest name, and that the sender's input is empty and
// focused again after sending. Fails on any console or page error in either
// tab. Exit status: 0 on success (prints PASS), 1 on any failure.
import process from "node:process";
import { assertNoErrors, openPage, runBrowserTest, TestFailure, waitConnected, waitUntil } from "./browser_support.mjs";

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error("usage: node tests/js/browser_chat.mjs http://127.0.0.1:PORT/");
  process.exit(1);
}

/** The guest name shown in a connected tab. */
async function guestName(page) {
  await waitUntil(page, "the tab shows its guest name", () => /^guest-\d+$/.test(document.querySelector("#me")?.textContent ?? ""), {
    explain: () => document.querySelector("#me")?.textContent ?? "no #me",
  });
  return page.textContent("#me");
}

/** Types `text` into the message input and submits the form. */
async function send(page, text) {
  await page.fill("#send input[name=message]", text);
  await page.click("#send button[type=submit]");
}

/** Waits until the message input is empty again and has the focus (a new input after a send). */
async function waitInputReset(page, tab) {
  await waitUntil(
    page,
    `${tab}: the message input is empty and focused`,
    () => {
      const input = document.querySelector("#send input[name=message]");
      return input && input.value === "" && document.activeElement === input;
    },
    { explain: () => { const i = document.querySelector("#send input[name=message]"); return `value ${JSON.stringify(i?.value)}, focus on ${document.activeElement?.id}`; } },
  );
}

/** Waits until the tab's message list is exactly `expected` ("author: text" lines). */
async function waitForMessages(page, tab, expected) {
  await waitUntil(
    page,
    `${tab} shows the messages ${JSON.stringify(expected)}`,
    (want) => {
      const items = [...document.querySelectorAll("#messages li")].map((li) => li.textContent);
      return JSON.stringify(items) === JSON.stringify(want);
    },
    { arg: expected, explain: () => JSON.stringify([...document.querySelectorAll("#messages li")].map((li) => li.textContent)) },
  );
}

await runBrowserTest("browser_chat", async ({ browser, page, log }) => {
  const other = await openPage(browser);
  await page.goto(url, { waitUntil: "load" });
  await other.page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  await waitConnected(other.page);
  const first = await guestName(page);
  const second = await guestName(other.page);
  if (first === second) {
    throw new TestFailure(`both tabs have the guest name ${first}`);
  }
  log(`two tabs connected as ${first} and ${second}`);

  await send(page, "hello from the first tab");
  const one = [`${first}: hello from the first tab`];
  await waitForMessages(page, "the first tab", one);
  await waitForMessages(other.page, "the second tab", one);
  await waitInputReset(page, "the first tab");
  log("the first tab's message reached both tabs; its input is empty and focused again");

  await send(other.page, "and <b>hi</b> back & forth");
  const two = [...one, `${second}: and <b>hi</b> back & forth`];
  await waitForMessages(other.page, "the second tab", two);
  await waitForMessages(page, "the first tab", two);
  const bold = await page.$$eval("#messages b", (els) => els.length);
  if (bold !== 2) {
    throw new TestFailure(`expected only the two author names in <b>, found ${bold} <b> elements: markup was not escaped`);
  }
  log("the second tab's message reached both tabs, escaped");
  assertNoErrors(other.errors);
});
