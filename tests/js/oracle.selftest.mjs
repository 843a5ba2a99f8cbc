// Self-test of oracle.mjs: runs it as a CLI on the worked example of docs/protocol.md §4.10 and
// on failure cases.
//
// Run: node --test tests/js/oracle.selftest.mjs   (or plain `node tests/js/oracle.selftest.mjs`)
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import test from "node:test";
import { fileURLToPath } from "node:url";

const oracle = join(dirname(fileURLToPath(import.meta.url)), "oracle.mjs");

function runOracle(input) {
  const res = spawnSync(process.execPath, [oracle], {
    input: typeof input === "string" ? input : JSON.stringify(input),
    encoding: "utf8",
    timeout: 60_000,
  });
  return res;
}

function oracleOk(input) {
  const res = runOracle(input);
  assert.equal(res.status, 0, `oracle failed:\n${res.stderr}`);
  return JSON.parse(res.stdout);
}

const VIEW = "phx-GA2hx3Ud-1uQ1wBB";
const LI = ["<li>", "</li>"];
const TOP = [
  '<div id="counter"><h1>Count: ',
  "</h1>",
  "<ul>",
  "</ul>",
  '<button phx-click="inc">+</button></div>',
];
const BIG = ['<p class="big">Big: ', "</p>"];
const BADGE_STATICS = ['<span class="badge" phx-click="bump"', ">", " (", ")</span>"];

// §4.10 with shared-statics tables, as upstream sends it (including the top-level "r":1 that
// the client discards).
const withTables = [
  {
    0: "0",
    1: "",
    2: { s: 0, k: { 0: { 0: "Apple" }, 1: { 0: "Banana" }, kc: 2 } },
    3: 1,
    s: 1,
    r: 1,
    p: { 0: LI, 1: TOP },
    c: { 1: { 0: ' phx-target="1"', 1: "Fruits", 2: "0", r: 1, s: BADGE_STATICS } },
    t: "Counter",
  },
  { 0: "1", 1: { 0: "1", s: 0, r: 1 }, p: { 0: BIG } },
  {
    2: { k: { 0: { 0: "Cherry" }, 1: 0, kc: 2, km: true } },
    3: 1,
    c: { 1: { 1: "Basket" } },
    t: "Fruit basket",
    e: [["highlight", { id: "c" }]],
  },
  { c: { 1: { 2: "1" } } },
];

// The same example without "p" tables.
const plain = [
  {
    0: "0",
    1: "",
    2: { s: LI, k: { 0: { 0: "Apple" }, 1: { 0: "Banana" }, kc: 2 } },
    3: 1,
    s: TOP,
    c: { 1: { 0: ' phx-target="1"', 1: "Fruits", 2: "0", r: 1, s: BADGE_STATICS } },
    t: "Counter",
  },
  { 0: "1", 1: { 0: "1", s: BIG, r: 1 } },
  withTables[2],
  withTables[3],
];

const BADGE = (label, bumps) =>
  `<span data-phx-id="c1-${VIEW}" data-phx-component="1" data-phx-view="${VIEW}" ` +
  `class="badge" phx-click="bump" phx-target="1">${label} (${bumps})</span>`;
const BUTTON = '<button phx-click="inc">+</button>';

const expected = [
  `<div id="counter"><h1>Count: 0</h1><ul><li>Apple</li><li>Banana</li></ul>${BADGE("Fruits", 0)}${BUTTON}</div>`,
  `<div id="counter"><h1>Count: 1</h1><p class="big">Big: 1</p><ul><li>Apple</li><li>Banana</li></ul>${BADGE("Fruits", 0)}${BUTTON}</div>`,
  `<div id="counter"><h1>Count: 1</h1><p class="big">Big: 1</p><ul><li>Cherry</li><li>Apple</li></ul>${BADGE("Basket", 0)}${BUTTON}</div>`,
  `<div id="counter"><h1>Count: 1</h1><p class="big">Big: 1</p><ul><li>Cherry</li><li>Apple</li></ul>${BADGE("Basket", 1)}${BUTTON}</div>`,
];

test("§4.10 worked example, with and without p tables, several cases per run", () => {
  const out = oracleOk({
    cases: [
      { viewId: VIEW, steps: structuredClone(withTables) },
      { viewId: VIEW, steps: structuredClone(plain) },
    ],
  });
  assert.equal(out.cases.length, 2);
  assert.deepEqual(out.cases[0], expected);
  assert.deepEqual(out.cases[1], expected);
});

test("full html after every step: untouched root-flagged nodes are not skipped", () => {
  // Step 1 creates a root-flagged node; steps 2 and 3 leave it alone (the client itself would
  // render it as a data-phx-skip placeholder), then step 3 changes only a nested root node.
  const steps = [
    { 0: { 0: "a", 1: { 0: "x", s: ["<b>", "</b>"], r: 1 }, s: ["<p>", "", "</p>"], r: 1 }, 1: "1", s: ["<main>", "", "</main>"] },
    { 1: "2" },
    { 0: { 1: { 0: "y" } } },
    {},
  ];
  const out = oracleOk({ cases: [{ viewId: "phx-v", steps }] });
  assert.deepEqual(out.cases[0], [
    "<main><p>a<b>x</b></p>1</main>",
    "<main><p>a<b>x</b></p>2</main>",
    "<main><p>a<b>y</b></p>2</main>",
    "<main><p>a<b>y</b></p>2</main>",
  ]);
});

test("only m<N>-<viewId> magic ids are stripped", () => {
  const steps = [{ 0: "<i data-phx-id=\"m1-other\"></i>", s: ["<div>", "</div>"] }];
  steps[0] = { 0: { 0: steps[0][0], s: ["<section>", "</section>"], r: 1 }, s: ["", ""] };
  const out = oracleOk({ cases: [{ viewId: "phx-v", steps }] });
  assert.deepEqual(out.cases[0], ['<section><i data-phx-id="m1-other"></i></section>']);
});

test("client errors make the oracle exit 1 with a message", () => {
  // A root-flagged node whose html does not start with a tag: the client throws "malformed html".
  const malformed = runOracle({ cases: [{ viewId: "phx-v", steps: [{ 0: { 0: "x", s: ["text", "<b></b>"], r: 1 }, s: ["", ""] }] }] });
  assert.equal(malformed.status, 1);
  assert.equal(malformed.stdout, "");
  assert.match(malformed.stderr, /case 0 \(phx-v\): step 0 \(join\): malformed html/);

  // A diff referencing a component the client does not have.
  const missing = runOracle({ cases: [{ viewId: "phx-v", steps: [{ 0: "a", s: ["", ""] }, { 0: 7 }] }] });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /step 1: .*missing component: 7/);

  const notJson = runOracle("{");
  assert.equal(notJson.status, 1);
  assert.match(notJson.stderr, /not valid JSON/);
});
