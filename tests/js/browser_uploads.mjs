// Browser test of the uploads example:
// `node tests/js/browser_uploads.mjs http://127.0.0.1:PORT/ upload|errors|drop|auto|external|tabclose|component|longpoll`.
//
// - `upload`: two files chosen with the file picker (a 20 MB "photo" and a text file) show as
//   entries with a preview; submitting uploads them in chunks over their upload channels, the
//   progress bar of the big one passes through intermediate values, and once both arrived the
//   submit lists them as saved with their exact sizes.
// - `errors`: a file over the size limit and a file of a type not accepted show their errors
//   (the server's validation, not the browser's `accept`), a fourth file shows "too many
//   files"; cancelling entries removes them and their errors.
// - `drop`: a file dropped on the drop zone (a synthetic drop event with a DataTransfer) becomes
//   an entry and is saved on submit.
// - `auto`: the avatar input uploads as soon as a file is chosen; the view saves it when done.
// - `external`: two files chosen in the cloud input go to the page's uploader (`Cloud`, named by
//   the server's preflight), which reports progress; the view records each one's key at 100 %.
// - `component`: two documents chosen in the `Documents` LiveComponent's form (its upload,
//   its `phx-target={@myself}`) show as the component's entries, upload on the component's
//   submit and are listed as saved by the component, which counted the progress reports it
//   received; the page's own entries stay empty.
// - `longpoll`: behind a proxy refusing WebSockets, the client falls back to long polling and
//   a 2 MB photo and a text file upload there too (the client posts each chunk in base64) and
//   are saved. The refused handshakes are the only console errors allowed.
// - `tabclose`: a big upload slowed down by the client's latency simulation is under way when
//   the page is closed; prints CLOSED (the Rust side then checks the upload directory empties).
// Fails on any console or page error (in `tabclose`, except the client's report of a progress
// push the closing page could not send). Prints PASS on success.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const base = process.argv[2];
const scenario = process.argv[3];
const scenarios = ["upload", "errors", "drop", "auto", "external", "tabclose", "component", "longpoll"];
if (!base || !/^https?:\/\//.test(base) || !scenarios.includes(scenario)) {
  console.error(`usage: node tests/js/browser_uploads.mjs http://127.0.0.1:PORT/ ${scenarios.join("|")}`);
  process.exit(1);
}

/** `size` bytes of a repeating pattern. */
function bytes(size) {
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) buffer[i] = (i * 31 + 7) & 0xff;
  return buffer;
}

/** Big files go through the disk: the browser reads them itself (passing megabytes of buffer
 * through the automation protocol is slow on a loaded machine). */
const scratch = mkdtempSync(join(tmpdir(), "live-browser-uploads-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

/** A file named `name` holding `content`, as a path for `setInputFiles`. */
function onDisk(name, content) {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

/** The names shown in the entry list, in order. */
function entryNames(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll("#entries .entry .name")).map((e) => e.textContent.trim()));
}

async function waitForEntries(page, expected) {
  await waitUntil(
    page,
    `the entries become ${JSON.stringify(expected)}`,
    (want) =>
      JSON.stringify(Array.from(document.querySelectorAll("#entries .entry .name")).map((e) => e.textContent.trim())) ===
      JSON.stringify(want),
    {
      arg: expected,
      explain: () => JSON.stringify(Array.from(document.querySelectorAll("#entries .entry .name")).map((e) => e.textContent.trim())),
    },
  );
}

/** The error texts of the entry named `name`. */
function entryErrors(page, name) {
  return page.evaluate((wanted) => {
    const entry = Array.from(document.querySelectorAll("#entries .entry")).find(
      (e) => e.querySelector(".name")?.textContent.trim() === wanted,
    );
    return entry ? Array.from(entry.querySelectorAll(".entry-error")).map((e) => e.textContent.trim()) : null;
  }, name);
}

async function waitForSaved(page, expected, timeoutMs) {
  await waitUntil(
    page,
    `the saved list becomes ${JSON.stringify(expected)}`,
    (want) => JSON.stringify(Array.from(document.querySelectorAll("#saved li")).map((e) => e.textContent.trim())) === JSON.stringify(want),
    {
      arg: expected,
      explain: () => JSON.stringify(Array.from(document.querySelectorAll("#saved li")).map((e) => e.textContent.trim())),
      timeoutMs,
    },
  );
}

await runBrowserTest(`browser_uploads ${scenario}`, async ({ page, errors, log }) => {
  await page.goto(base, { waitUntil: "load" });
  await waitConnected(page);
  log("connected");
  const photos = "#photos-form input[type=file]";

  if (scenario === "upload") {
    const big = 20_000_000;
    const note = Buffer.from("hello from the browser\n");
    await page.setInputFiles(photos, [onDisk("big.png", bytes(big)), onDisk("note.txt", note)]);
    await waitForEntries(page, ["big.png", "note.txt"]);
    if ((await page.locator("#entries .entry .preview img[data-phx-hook='Phoenix.LiveImgPreview']").count()) !== 1) {
      throw new TestFailure("the image entry should have a preview, the text one none");
    }
    log("two entries with a preview for the image");
    // Record every progress value the big entry's bar shows.
    await page.evaluate(() => {
      window.__progress = [];
      const watch = () => {
        const bar = document.querySelector("#entries .entry progress");
        if (bar) window.__progress.push(Number(bar.getAttribute("value")));
      };
      new MutationObserver(watch).observe(document.getElementById("entries"), { subtree: true, attributes: true, childList: true });
    });
    await page.click("#save");
    await waitForSaved(page, [`big.png (${big} bytes)`, `note.txt (${note.length} bytes)`], 60_000);
    const seen = await page.evaluate(() => window.__progress);
    const between = [...new Set(seen.filter((p) => p > 0 && p < 100))];
    if (between.length < 3) {
      throw new TestFailure(`the progress bar should pass through intermediate values, saw ${JSON.stringify(seen.slice(0, 50))}`);
    }
    await waitForEntries(page, []);
    log(`saved after progress through ${between.length} intermediate values`);
    return;
  }

  if (scenario === "errors") {
    await page.setInputFiles(photos, [
      onDisk("huge.png", bytes(26_000_000)),
      onDisk("doc.pdf", bytes(100)),
      onDisk("ok.png", bytes(100)),
    ]);
    await waitForEntries(page, ["huge.png", "doc.pdf", "ok.png"]);
    const huge = await entryErrors(page, "huge.png");
    const pdf = await entryErrors(page, "doc.pdf");
    const ok = await entryErrors(page, "ok.png");
    if (JSON.stringify(huge) !== JSON.stringify(["Too large: at most 25 MB"])) throw new TestFailure(`huge.png errors: ${JSON.stringify(huge)}`);
    if (JSON.stringify(pdf) !== JSON.stringify(["Not an image or a text file"])) throw new TestFailure(`doc.pdf errors: ${JSON.stringify(pdf)}`);
    if (JSON.stringify(ok) !== "[]") throw new TestFailure(`ok.png errors: ${JSON.stringify(ok)}`);
    log("too large and not accepted shown per entry");
    await page.setInputFiles(photos, [{ name: "more.png", mimeType: "image/png", buffer: bytes(100) }]);
    await waitForEntries(page, ["huge.png", "doc.pdf", "ok.png", "more.png"]);
    await waitForText(page, ".upload-error", "Too many files: at most 3");
    log("too many files shown for the upload");
    for (const name of ["huge.png", "doc.pdf"]) {
      await page.click(`#entries .entry:has(.name:text-is("${name}")) .cancel`);
    }
    await waitForEntries(page, ["ok.png", "more.png"]);
    await waitUntil(page, "no error is left", () => document.querySelectorAll(".error").length === 0, {
      explain: () => Array.from(document.querySelectorAll(".error")).map((e) => e.textContent).join(" | "),
    });
    const refs = await page.evaluate(() => document.querySelector("#photos-form input[type=file]").getAttribute("data-phx-error-refs"));
    if (refs !== null) throw new TestFailure(`data-phx-error-refs should be gone, is ${JSON.stringify(refs)}`);
    log("cancelling removes the entries and their errors");
    await page.click("#save");
    await waitForSaved(page, ["ok.png (100 bytes)", "more.png (100 bytes)"], 15_000);
    log("the rest is saved");
    return;
  }

  if (scenario === "drop") {
    await page.evaluate(() => {
      const data = new Uint8Array(5000).map((_, i) => i & 0xff);
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], "dropped.png", { type: "image/png" }));
      const zone = document.getElementById("drop");
      for (const type of ["dragenter", "dragover", "drop"]) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    });
    await waitForEntries(page, ["dropped.png"]);
    log("the dropped file is an entry");
    await page.click("#save");
    await waitForSaved(page, ["dropped.png (5000 bytes)"], 15_000);
    log("and is saved on submit");
    return;
  }

  if (scenario === "auto") {
    await page.setInputFiles("#avatar-form input[type=file]", [{ name: "me.png", mimeType: "image/png", buffer: bytes(300_000) }]);
    await waitForText(page, "#avatar-saved", "Avatar saved: me.png (300000 bytes)");
    log("the avatar uploaded and was saved without a submit");
    return;
  }

  if (scenario === "external") {
    await page.setInputFiles("#cloud-form input[type=file]", [
      { name: "one.png", mimeType: "image/png", buffer: bytes(200_000) },
      { name: "two.txt", mimeType: "text/plain", buffer: bytes(1_000) },
    ]);
    await waitUntil(
      page,
      "both files are stored under their keys",
      () => {
        const lines = Array.from(document.querySelectorAll("#stored li")).map((e) => e.textContent.trim()).sort();
        return JSON.stringify(lines) === JSON.stringify(["one.png → cloud/0-one.png", "two.txt → cloud/1-two.txt"]);
      },
      { explain: () => Array.from(document.querySelectorAll("#stored li, .cloud-entry")).map((e) => e.textContent.trim()).join(" | ") },
    );
    log("the page's uploader reported both files and the view stored their keys");
    return;
  }

  if (scenario === "component") {
    const notes = bytes(300_000);
    const readme = Buffer.from("# readme\n");
    await page.setInputFiles("#docs-form input[type=file]", [onDisk("notes.txt", notes), onDisk("readme.md", readme)]);
    await waitUntil(
      page,
      "the component lists both documents",
      () => JSON.stringify(Array.from(document.querySelectorAll("#doc-entries .doc-entry .name")).map((e) => e.textContent.trim())) === JSON.stringify(["notes.txt", "readme.md"]),
      { explain: () => document.getElementById("doc-entries")?.textContent },
    );
    if ((await entryNames(page)).length !== 0) throw new TestFailure("the page's own upload should have no entry");
    log("the component shows its two entries");
    await page.click("#save-docs");
    await waitUntil(
      page,
      "the component saved both documents",
      (want) => JSON.stringify(Array.from(document.querySelectorAll("#docs-saved li")).map((e) => e.textContent.trim())) === JSON.stringify(want),
      {
        arg: [`notes.txt (${notes.length} bytes)`, `readme.md (${readme.length} bytes)`],
        explain: () => Array.from(document.querySelectorAll("#docs-saved li, .doc-entry")).map((e) => e.textContent.trim()).join(" | "),
        timeoutMs: 30_000,
      },
    );
    const reports = await page.evaluate(() => parseInt(document.getElementById("doc-progress-reports").textContent, 10));
    if (!(reports >= 2)) throw new TestFailure(`the component's handle_progress should have run for both files, counted ${reports}`);
    await waitUntil(page, "the component's entries are consumed", () => document.querySelectorAll("#doc-entries .doc-entry").length === 0);
    log(`the component consumed both documents after ${reports} progress reports`);
    return;
  }

  if (scenario === "longpoll") {
    const transport = await page.evaluate(() => {
      const socket = window.liveSocket.getSocket();
      return socket.transport === socket.getLongPollTransport() ? "LongPoll" : String(socket.transport && socket.transport.name);
    });
    if (transport !== "LongPoll") throw new TestFailure(`expected the LongPoll transport, the socket uses ${transport}`);
    const size = 2_000_000;
    const note = Buffer.from("sent over long polling\n");
    await page.setInputFiles(photos, [onDisk("polled.png", bytes(size)), onDisk("note.txt", note)]);
    await waitForEntries(page, ["polled.png", "note.txt"]);
    await page.click("#save");
    await waitForSaved(page, [`polled.png (${size} bytes)`, `note.txt (${note.length} bytes)`], 60_000);
    await waitForEntries(page, []);
    log("both files uploaded over long polling and were saved");
    const refused = /WebSocket connection to '.*\/live\/websocket.*' failed/;
    errors.splice(0, errors.length, ...errors.filter((e) => !refused.test(e)));
    return;
  }

  if (scenario === "tabclose") {
    await page.evaluate(() => window.liveSocket.enableLatencySim(40));
    await page.reload({ waitUntil: "load" });
    await waitConnected(page);
    await page.setInputFiles(photos, [onDisk("slow.png", bytes(5_000_000))]);
    await waitForEntries(page, ["slow.png"]);
    await page.click("#save");
    await waitUntil(page, "the upload is under way", () => {
      const bar = document.querySelector("#entries .entry progress");
      return bar && Number(bar.getAttribute("value")) > 0;
    }, { timeoutMs: 30_000 });
    log("upload under way");
    console.log("CLOSED");
    const before = errors.length;
    await page.close();
    // Closing the page drops the socket under the uploader: the client reports the progress
    // push it could not send. That is the closing itself, not a fault.
    const after = errors.splice(before).filter((e) => !e.includes("Failed to push file progress"));
    errors.push(...after);
    return;
  }
});
