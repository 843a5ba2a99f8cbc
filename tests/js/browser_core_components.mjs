// Browser test of the core components (live_core::components), tests/browser_core_components.rs:
//   node tests/js/browser_core_components.mjs http://127.0.0.1:PORT/
//
// - The bundled stylesheet applies (a primary button is filled, the body uses the system font).
// - Keyboard only: Tab reaches "New contact", Enter opens the modal with the focus on its first
//   input; Tab and Shift+Tab keep the focus inside the modal; Escape closes it and the focus
//   returns to the button. None of that sends a WebSocket frame (heartbeats aside).
// - The form in the modal: typing in the email shows its error, not the untouched name's;
//   fixing both and pressing Enter saves (the name is listed) and flashes "Contact saved",
//   which fades out by itself (autohide 1200 ms).
// - The error flash stays; its close button, reached and pressed from the keyboard, hides it
//   and sends lv:clear-flash, after which the server's render drops it.
//
// Fails on any console error or page error.
import process from "node:process";
import { setTimeout as sleep } from "node:timers/promises";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const [url] = process.argv.slice(2);
if (!url || !/^https?:\/\//.test(url)) {
  console.error("usage: node tests/js/browser_core_components.mjs http://127.0.0.1:PORT/");
  process.exit(1);
}

function recordFrames(page) {
  const frames = [];
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/live/websocket")) return;
    ws.on("framesent", ({ payload }) => {
      const msg = JSON.parse(String(payload));
      if (msg[2] !== "phoenix") frames.push(msg);
    });
  });
  return frames;
}

const events = (frames) => frames.filter((f) => f[3] === "event").map((f) => f[4]);

async function waitDisplayed(page, selector, visible = true) {
  await waitUntil(
    page,
    `${selector} ${visible ? "shown" : "hidden"}`,
    ([sel, want]) => {
      const el = document.querySelector(sel);
      return !!el && (el.offsetWidth > 0 || el.offsetHeight > 0) === want;
    },
    { arg: [selector, visible], explain: ([sel]) => document.querySelector(sel)?.outerHTML.slice(0, 300) ?? "no element" },
  );
}

async function waitFocused(page, id) {
  await waitUntil(page, `#${id} focused`, (want) => document.activeElement?.id === want, {
    arg: id,
    explain: () => `the focus is on ${document.activeElement?.id || document.activeElement?.tagName}`,
  });
}

const focusInside = (page, selector) => page.evaluate((sel) => document.querySelector(sel).contains(document.activeElement), selector);

async function scenario({ page, log }) {
  const frames = recordFrames(page);
  await page.goto(url, { waitUntil: "load" });
  await waitConnected(page);
  const joined = frames.length;

  const look = await page.evaluate(() => ({
    button: getComputedStyle(document.querySelector("#notify")).backgroundColor,
    font: getComputedStyle(document.body).fontFamily,
  }));
  if (!look.font.includes("system-ui") || look.button === "rgba(0, 0, 0, 0)" || look.button === "rgb(239, 239, 239)") {
    throw new TestFailure(`the stylesheet did not apply: ${JSON.stringify(look)}`);
  }
  log(`stylesheet applied (button ${look.button})`);

  // Keyboard only: Tab to the "New contact" button.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.id === "open")) break;
  }
  await waitFocused(page, "open");
  await page.keyboard.press("Enter");
  await waitDisplayed(page, "#dialog-container");
  await waitFocused(page, "contact_name");
  log("Enter opened the modal; the focus is on its first input");

  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    if (!(await focusInside(page, "#dialog-container"))) {
      throw new TestFailure(`Tab ${i + 1} left the modal: ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`);
    }
  }
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Shift+Tab");
    if (!(await focusInside(page, "#dialog-container"))) {
      throw new TestFailure(`Shift+Tab ${i + 1} left the modal`);
    }
  }
  log("Tab and Shift+Tab stay inside the modal");

  await page.keyboard.press("Escape");
  await waitDisplayed(page, "#dialog", false);
  await waitFocused(page, "open");
  await sleep(300);
  if (frames.length !== joined) {
    throw new TestFailure(`opening and closing the modal sent ${frames.length - joined} frame(s): ${JSON.stringify(frames.slice(joined))}`);
  }
  log("Escape closed it, the focus is back on the button, no WebSocket frame was sent");

  // The form: errors only on touched fields.
  await page.keyboard.press("Enter");
  await waitDisplayed(page, "#dialog-container");
  await waitFocused(page, "contact_name");
  await page.focus("#contact_email");
  await page.keyboard.type("ada");
  await waitUntil(page, "the email error shows", () => document.querySelector("#dialog")?.textContent.includes("must have the @ sign"));
  const nameError = await page.evaluate(() => document.querySelector("#contact_name").closest(".field").querySelector(".error"));
  if (nameError) throw new TestFailure("the untouched name shows an error");
  const describedBy = await page.getAttribute("#contact_email", "aria-describedby");
  if (describedBy !== "contact_email-help") throw new TestFailure(`aria-describedby: ${describedBy}`);
  log("typing in the email shows its error only; the help text describes the input");

  await page.keyboard.type("@example.com");
  await page.focus("#contact_name");
  await page.keyboard.type("Ada");
  await waitUntil(page, "the errors are gone", () => !document.querySelector("#dialog .error"));
  await page.keyboard.press("Enter");
  await waitForText(page, "#saved", "Ada");
  await waitDisplayed(page, "#flash-info");
  await waitForText(page, "#flash-info .flash-message", "Contact saved");
  const shownAt = Date.now();
  await waitDisplayed(page, "#flash-info", false);
  const shownFor = Date.now() - shownAt;
  if (shownFor > 4000) throw new TestFailure(`the info flash stayed ${shownFor} ms`);
  log(`Enter saved the contact; the info flash faded out by itself after ~${shownFor} ms`);

  await page.click("#dialog .modal-close");
  await waitDisplayed(page, "#dialog", false);

  // The error flash: stays until closed, from the keyboard.
  await page.click("#fail");
  await waitDisplayed(page, "#flash-error");
  if ((await page.getAttribute("#flash-error", "role")) !== "alert") throw new TestFailure("the error flash is not an alert");
  await sleep(1600);
  await waitDisplayed(page, "#flash-error");
  const before = frames.length;
  await page.focus("#flash-error .flash-close");
  await page.keyboard.press("Enter");
  await waitUntil(page, "the server dropped the error flash", () => !document.querySelector("#flash-error"));
  const cleared = events(frames.slice(before));
  if (!cleared.some((e) => e.event === "lv:clear-flash" && e.value?.key === "error")) {
    throw new TestFailure(`no lv:clear-flash for the error: ${JSON.stringify(cleared)}`);
  }
  log("the error flash stayed, closed from the keyboard with lv:clear-flash");
}

await runBrowserTest("components", scenario, { deadlineMs: 60_000 });
