// Takes a PNG of one running example in headless Chromium (playwright-core from
// client/node_modules, the system Chromium at /usr/bin/chromium), after a few steps that make
// the page look used (a message sent, a form half filled).
//   node scripts/screenshots.mjs <name> <url> <out.png> [light|dark]
// scripts/screenshots.sh runs every example and calls this once per example.
import process from "node:process";
import { setTimeout as sleep } from "node:timers/promises";
import { launchBrowser } from "../tests/js/browser_support.mjs";

const [name, url, out, scheme = "light"] = process.argv.slice(2);
if (!name || !url || !out) {
  console.error("usage: node scripts/screenshots.mjs <name> <url> <out.png> [light|dark]");
  process.exit(1);
}

/** What to do on each example's page before the picture. */
const steps = {
  chat: async (page) => {
    for (const text of ["Hello! Is anyone here?", "Open a second tab and answer yourself."]) {
      await page.fill("#send input[name=message]", text);
      await page.click("#send button[type=submit]");
      await page.waitForFunction((t) => document.querySelector("#messages")?.textContent.includes(t), text);
    }
  },
  signup: async (page) => {
    await page.fill("#user_name", "Ada Lovelace");
    await page.fill("#user_email", "ada-at-example.com");
    await page.waitForFunction(() => document.querySelector("#signup .error"));
    await page.click("#user_terms");
  },
  counter: async (page) => {
    for (let i = 0; i < 3; i++) await page.click("#inc");
    await page.waitForFunction(() => document.querySelector("#count")?.textContent === "3");
  },
  keys: async (page) => {
    await page.fill("#item", "milk");
    await page.press("#item", "Enter");
    await page.waitForFunction(() => document.querySelector("#items li"));
  },
  contacts: async (page) => {
    await page.waitForSelector("#contacts-rows tr");
  },
  components: async (page) => {
    await page.fill("#new-todo input[name=title]", "Water the plants");
    await page.waitForFunction(() => document.querySelector("#new-todo .preview")?.textContent === "Water the plants");
  },
  feed: async (page) => {
    await page.waitForSelector("#items li");
  },
  wizard: async (page) => {
    await page.fill("#name", "Ada");
    await page.click("#next");
    await page.waitForSelector("#hello");
  },
};

const browser = await launchBrowser();
const watchdog = setTimeout(() => {
  console.error(`screenshot of ${name} timed out`);
  process.exit(1);
}, 30_000);
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 680 }, colorScheme: scheme, deviceScaleFactor: 1 });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("[data-phx-main].phx-connected", { state: "attached" });
  if (steps[name]) await steps[name](page);
  await sleep(400); // transitions settle
  await page.screenshot({ path: out });
  console.log(`${name}: ${out}`);
} finally {
  clearTimeout(watchdog);
  await browser.close();
}
