// Browser test of the contacts example's stream table, tests/browser_contacts.rs:
//   node tests/js/browser_contacts.mjs http://127.0.0.1:PORT/
//
// - The index is a <.table> over a stream: its body is the stream's container and the rows the
//   browser keeps carry the stream's DOM ids (contacts-<id>); the <:empty> row is hidden while
//   rows exist.
// - Insert through real clicks: "New contact", type a name and an email, "Save contact": the
//   row appears before the empty row, and the reply carried that row only.
// - Delete through real clicks: the row's "Delete", then "Delete" in the confirmation modal:
//   the row leaves the DOM, and the reply carried its DOM id only. Once every row is deleted,
//   the <:empty> row shows (the stylesheet shows it only as the body's only child).
//
// Fails on any console error or page error.
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const [url] = process.argv.slice(2);
if (!url || !/^https?:\/\//.test(url)) {
  console.error("usage: node tests/js/browser_contacts.mjs http://127.0.0.1:PORT/");
  process.exit(1);
}

function recordReplies(page) {
  const replies = [];
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/live/websocket")) return;
    ws.on("framereceived", ({ payload }) => {
      const msg = JSON.parse(String(payload));
      if (msg[2] !== "phoenix") replies.push(msg);
    });
  });
  return replies;
}

const rowIds = (page) => page.evaluate(() => [...document.querySelectorAll("#contacts-rows > tr")].map((tr) => tr.id));

async function waitRows(page, expected) {
  await waitUntil(
    page,
    `rows ${expected.join(",")}`,
    (want) => [...document.querySelectorAll("#contacts-rows > tr")].map((tr) => tr.id).join(",") === want,
    { arg: expected.join(","), explain: () => [...document.querySelectorAll("#contacts-rows > tr")].map((tr) => tr.id).join(",") },
  );
}

const shown = (page, selector) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return !!el && (el.offsetWidth > 0 || el.offsetHeight > 0);
  }, selector);

async function scenario({ page, log }) {
  const replies = recordReplies(page);
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);

  if ((await page.getAttribute("#contacts-rows", "phx-update")) !== "stream") {
    throw new TestFailure("the table's body is not a stream container");
  }
  await waitRows(page, ["contacts-1", "contacts-3", "contacts-2", "contacts-empty"]);
  if (await shown(page, "#contacts-empty")) throw new TestFailure("the empty row shows while there are rows");
  await waitForText(page, "#contacts-1 td:first-child", "Ada Lovelace");
  log(`the stream table shows ${JSON.stringify(await rowIds(page))}, the empty row hidden`);

  // Insert: the form in the modal, through real clicks and typing.
  await page.click("#new-contact");
  await waitUntil(page, "the modal shows", () => !!document.querySelector("#contact-form"));
  await page.click("#contact-form_name");
  await page.keyboard.type("Katherine Johnson");
  await page.click("#contact-form_email");
  await page.keyboard.type("katherine@example.com");
  const before = replies.length;
  await page.click("#save");
  await waitRows(page, ["contacts-1", "contacts-3", "contacts-2", "contacts-4", "contacts-empty"]);
  await waitForText(page, "#contacts-4 td:first-child", "Katherine Johnson");
  await waitUntil(page, "the modal closed", () => !document.querySelector("#contact-form"));
  const inserted = JSON.stringify(replies.slice(before));
  if (!inserted.includes('"contacts-4"') || inserted.includes("Ada Lovelace")) {
    throw new TestFailure(`the save's replies should carry the new row only: ${inserted.slice(0, 600)}`);
  }
  log("a contact saved from the modal is a new row before the empty row; only that row travelled");

  // Delete: the row's Delete, then the confirmation.
  await page.click("#delete-3");
  await waitUntil(page, "the confirmation shows", () => document.querySelector("#delete-modal")?.textContent.includes("Alan Turing"));
  const beforeDelete = replies.length;
  await page.click("#confirm-delete");
  await waitRows(page, ["contacts-1", "contacts-2", "contacts-4", "contacts-empty"]);
  await waitUntil(page, "the confirmation closed", () => !document.querySelector("#delete-modal"));
  const deleted = JSON.stringify(replies.slice(beforeDelete));
  if (!deleted.includes('["contacts-3"]') || deleted.includes("Grace Hopper")) {
    throw new TestFailure(`the delete's replies should carry the DOM id only: ${deleted.slice(0, 600)}`);
  }
  await waitForText(page, "#flash-info .flash-message", "Deleted Alan Turing");
  log("Delete, then confirm: the row left the DOM; only its DOM id travelled");

  // The others too: the <:empty> row, the body's only child now, shows.
  for (const id of [1, 2, 4]) {
    await page.click(`#delete-${id}`);
    await waitUntil(page, "the confirmation shows", () => !!document.querySelector("#confirm-delete"));
    await page.click("#confirm-delete");
    await waitUntil(page, `contacts-${id} gone`, (row) => !document.querySelector(row), { arg: `#contacts-${id}` });
    await waitUntil(page, "the confirmation closed", () => !document.querySelector("#delete-modal"));
  }
  await waitRows(page, ["contacts-empty"]);
  await waitUntil(page, "the empty row shows", () => {
    const el = document.querySelector("#contacts-empty");
    return !!el && el.offsetHeight > 0;
  });
  await waitForText(page, "#contacts-empty", "No contacts yet: add the first one.");
  log("with every row deleted, the empty row shows");
}

await runBrowserTest("contacts", scenario, { deadlineMs: 60_000 });
