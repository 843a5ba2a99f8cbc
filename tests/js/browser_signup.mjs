// Browser test of the signup example:
// `node tests/js/browser_signup.mjs http://127.0.0.1:PORT/ validate|submit|trigger|recover`.
//
// - `validate`: typing sends phx-change; errors appear only under the fields the user touched
//   (the client marks the others `_unused_`), and go away once the value is fixed.
// - `submit`: a valid submit disables the button with its phx-disable-with text ("Saving…")
//   while the server "saves" (a 700 ms send_after continuation); the button never comes back
//   enabled in between; then the view live-navigates to /welcome (no page load) with the flash.
// - `trigger`: with "Keep me signed in" checked, the server renders phx-trigger-action; the
//   client submits the form over HTTP to POST /session, which signs the user in (cookie) and
//   redirects to /welcome with a flash: a full page load.
// - `recover`: type into the form, print STOP and wait for RESTARTED on stdin (the Rust side
//   stops the server, which closes the socket with 1012, and starts a new one on the same port
//   with the same secret); the client rejoins and re-sends the form as a change event (form
//   recovery); the fresh view rebuilds from it: typed values, errors of touched fields only, and
//   the server-rendered greeting come back.
// Fails on any console or page error (in `recover`, except the browser's own report of the
// refused WebSocket connections while the server is down). Prints PASS on success.
import process from "node:process";
import { createInterface } from "node:readline";
import { runBrowserTest, TestFailure, waitConnected, waitForText, waitUntil } from "./browser_support.mjs";

const base = process.argv[2];
const scenario = process.argv[3];
const scenarios = ["validate", "submit", "trigger", "recover"];
if (!base || !/^https?:\/\//.test(base) || !scenarios.includes(scenario)) {
  console.error(`usage: node tests/js/browser_signup.mjs http://127.0.0.1:PORT/ ${scenarios.join("|")}`);
  process.exit(1);
}
const origin = new URL(base).origin;

/** The error messages shown under the input `#id`, in order. */
function errorsOf(page, id) {
  return page.evaluate(
    (inputId) =>
      Array.from(document.getElementById(inputId)?.closest(".field")?.querySelectorAll("p.error") ?? []).map((p) =>
        p.textContent.trim(),
      ),
    id,
  );
}

/** Waits until the errors under `#id` are exactly `expected`. */
async function waitForErrors(page, id, expected) {
  await waitUntil(
    page,
    `the errors of #${id} become ${JSON.stringify(expected)}`,
    ([inputId, want]) => {
      const field = document.getElementById(inputId)?.closest(".field");
      if (!field) return false;
      const shown = Array.from(field.querySelectorAll("p.error")).map((p) => p.textContent.trim());
      return JSON.stringify(shown) === JSON.stringify(want);
    },
    {
      arg: [id, expected],
      explain: ([inputId]) =>
        JSON.stringify(
          Array.from(document.getElementById(inputId)?.closest(".field")?.querySelectorAll("p.error") ?? []).map((p) =>
            p.textContent.trim(),
          ),
        ),
    },
  );
}

/** Fails unless every input in `ids` shows no error. */
async function expectNoErrors(page, ids, when) {
  for (const id of ids) {
    const shown = await errorsOf(page, id);
    if (shown.length > 0) {
      throw new TestFailure(`${when}: #${id} should show no error yet, shows ${JSON.stringify(shown)}`);
    }
  }
}

/** Types `text` key by key into `#id` (one phx-change per key). */
async function type(page, id, text) {
  await page.locator(`#${id}`).pressSequentially(text, { delay: 10 });
}

/** Waits until no phx-change is in flight (the form carries no loading class). */
async function settled(page) {
  await waitUntil(page, "the form's pushes are answered", () => {
    const form = document.getElementById("signup");
    return form && !form.classList.contains("phx-change-loading") && !form.classList.contains("phx-submit-loading");
  });
}

async function fillValid(page) {
  await type(page, "user_name", "Ada");
  await type(page, "user_email", "ada@example.com");
  await type(page, "user_password", "correct horse");
  await type(page, "user_password_confirmation", "correct horse");
  await page.check("#user_terms");
  await settled(page);
  await waitForText(page, "#greeting", "Hello, Ada!");
}

await runBrowserTest(`browser_signup ${scenario}`, async ({ page, errors, log }) => {
  await page.goto(base, { waitUntil: "load" });
  await waitConnected(page);
  log("connected");

  if (scenario === "validate") {
    await expectNoErrors(page, ["user_name", "user_email", "user_password", "user_terms"], "before typing");
    await type(page, "user_email", "ada");
    await waitForErrors(page, "user_email", ["must have the @ sign and no spaces"]);
    await expectNoErrors(page, ["user_name", "user_password", "user_password_confirmation", "user_terms"], "after typing an email");
    log("an error under the touched email only");

    await type(page, "user_name", "A");
    await waitForErrors(page, "user_name", ["should be at least 2 character(s)"]);
    await expectNoErrors(page, ["user_password", "user_terms"], "after typing a name");
    await type(page, "user_name", "da");
    await waitForErrors(page, "user_name", []);
    await waitForText(page, "#greeting", "Hello, Ada!");

    await type(page, "user_email", "@example.com");
    await waitForErrors(page, "user_email", []);
    await type(page, "user_password", "short");
    await waitForErrors(page, "user_password", ["should be at least 8 character(s)"]);
    await expectNoErrors(page, ["user_password_confirmation", "user_terms"], "after typing a password");
    log("errors follow the typing");

    // Submitting marks every field used: the remaining errors show.
    await page.click("#save");
    await waitForErrors(page, "user_terms", ["must be accepted"]);
    await waitForErrors(page, "user_password", ["should be at least 8 character(s)"]);
    await waitForErrors(page, "user_password_confirmation", ["does not match password"]);
    log("a submit shows every error");
    return;
  }

  if (scenario === "submit") {
    await fillValid(page);
    // Record every state of the button from here on.
    await page.evaluate(() => {
      const button = document.getElementById("save");
      window.__states = [];
      const record = () =>
        window.__states.push({
          text: button.textContent.trim(),
          disabled: button.disabled,
          // Set by the client while it applies phx-disable-with (until the reply).
          client: button.hasAttribute("data-phx-disable-with-restore"),
        });
      record();
      new MutationObserver(record).observe(button, { attributes: true, childList: true, characterData: true, subtree: true });
    });
    const clicked = Date.now();
    await page.click("#save");
    await waitUntil(page, "the button shows its phx-disable-with text, disabled", () => {
      const button = document.getElementById("save");
      return button && button.disabled && button.textContent.trim() === "Saving…";
    });
    log("the button is disabled and shows Saving…");
    await waitUntil(page, "the view navigates to /welcome", (w) => window.location.href === w, {
      arg: `${origin}/welcome`,
      explain: () => window.location.href,
    });
    await waitForText(page, "#flash", "Welcome aboard, Ada!");
    const elapsed = Date.now() - clicked;
    if (elapsed < 600) {
      throw new TestFailure(`the save should take about 700 ms, the navigation came after ${elapsed} ms`);
    }
    const states = await page.evaluate(() => window.__states);
    if (!Array.isArray(states)) {
      throw new TestFailure("the navigation to /welcome should be live, not a page load");
    }
    const firstSaving = states.findIndex((s) => s.text === "Saving…" && s.disabled);
    if (firstSaving < 0) {
      throw new TestFailure(`the button never showed "Saving…" disabled: ${JSON.stringify(states)}`);
    }
    if (!states.some((s) => s.client && s.text === "Saving…" && s.disabled)) {
      throw new TestFailure(`the client never applied phx-disable-with: ${JSON.stringify(states)}`);
    }
    const reenabled = states.slice(firstSaving).find((s) => !s.disabled || s.text !== "Saving…");
    if (reenabled) {
      throw new TestFailure(`the button came back while saving: ${JSON.stringify(states)}`);
    }
    log(`saved in ${elapsed} ms, navigated live with the flash`);
    return;
  }

  if (scenario === "trigger") {
    await fillValid(page);
    await page.check("#user_remember");
    await settled(page);
    await Promise.all([page.waitForURL(`${origin}/welcome`, { waitUntil: "load" }), page.click("#save")]);
    await waitConnected(page);
    await waitForText(page, "#user", "Ada");
    await waitForText(page, "#flash", "Welcome aboard, Ada! You stay signed in.");
    log("phx-trigger-action posted the form over HTTP and signed in");
    return;
  }

  // recover
  await type(page, "user_name", "Ada");
  await type(page, "user_email", "ada@example");
  await page.fill("#user_email", "ada example");
  await settled(page);
  await waitForErrors(page, "user_email", ["must have the @ sign and no spaces"]);
  await waitForText(page, "#greeting", "Hello, Ada!");
  // No focused input: a patch would reset any input the server does not render back.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  log("typed; stopping the server");

  const lines = createInterface({ input: process.stdin });
  try {
    await restartServer(page, lines);
  } finally {
    // An open stdin would keep node running after a failure.
    lines.close();
    process.stdin.destroy();
  }
  log("server restarted; waiting for the rejoin");
  await waitConnected(page);
  await waitForText(page, "#greeting", "Hello, Ada!");
  const values = await page.evaluate(() => [
    document.getElementById("user_name").value,
    document.getElementById("user_email").value,
  ]);
  if (values[0] !== "Ada" || values[1] !== "ada example") {
    throw new TestFailure(`the typed values should be restored, got ${JSON.stringify(values)}`);
  }
  await waitForErrors(page, "user_email", ["must have the @ sign and no spaces"]);
  await expectNoErrors(page, ["user_name", "user_password", "user_terms"], "after recovery");
  // The browser reports the refused connections while the server was down; nothing else.
  for (let i = errors.length - 1; i >= 0; i -= 1) {
    if (/WebSocket connection to .* failed/.test(errors[i])) errors.splice(i, 1);
  }
  log("form recovered: values, errors and greeting are back");
});

/**
 * Marks the page (a rejoin's patch must undo the marks), prints STOP, and waits until the
 * client saw its socket go down and the test printed RESTARTED on stdin. The disconnect is
 * recorded by an observer, since the client may be back before any poll would see it.
 */
async function restartServer(page, lines) {
  const restarted = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new TestFailure("no RESTARTED from the test within 15 s")), 15_000);
    lines.on("line", (line) => {
      if (line.trim() === "RESTARTED") {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await page.evaluate(() => {
    const main = document.querySelector("[data-phx-main]");
    window.__disconnected = false;
    new MutationObserver(() => {
      if (!main.classList.contains("phx-connected")) window.__disconnected = true;
    }).observe(main, { attributes: true, attributeFilter: ["class"] });
    // The greeting and the email's error are server-rendered: only a patch brings them back.
    document.getElementById("greeting").textContent = "stale";
    document.querySelectorAll("p.error").forEach((p) => p.remove());
  });
  console.log("STOP");
  await waitUntil(page, "the client notices the server is gone", () => window.__disconnected === true);
  await restarted;
}
