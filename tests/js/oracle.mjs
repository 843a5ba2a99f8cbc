// Merge oracle: runs the official LiveView client's Rendered class on server join/diff JSON and prints the HTML after each step.
//
// Usage:  node tests/js/oracle.mjs < input.json > output.json
//
// Input (stdin, one JSON document):
//   {"cases": [{"viewId": "phx-abc", "steps": [<join rendered>, <diff 1>, <diff 2>, ...]}, ...]}
//   steps[0] is the `rendered` object of the join reply; every later step is a diff exactly as
//   the server sends it (the `diff` of an event reply, or the payload of a "diff" push).
// Output (stdout, one JSON document, one array per case, one string per step):
//   {"cases": [["<html after join>", "<html after diff 1>", ...], ...]}
//   Each string is the full inner HTML of the view container after that step.
// Failure: if the client code throws (malformed html, missing component, bad input, ...), the
// error is printed on stderr and the exit status is 1; nothing is printed on stdout.
//
// The code under test is the REAL published client: `rendered.js` of phoenix_live_view (the
// version pinned in client/package.json, installed in client/node_modules) and everything it
// imports, bundled unmodified with esbuild into a temporary ES module, once per process. Node has
// no `window`; the client only uses `"structuredClone" in window` and `window.dispatchEvent` (for
// error diagnostics), so a minimal stand-in with those two is installed as a global.
//
// What each step does, mirroring view.ts (`applyDiff`, `onJoin`, `update`, `renderContainer`,
// `componentPatch`) of the client:
//   (c) `Rendered.extract` removes the title "t", the events "e" and the event reply "r" from the
//       top level first, as the client does for both the join and every diff.
//   join:   new Rendered(viewId, diff), then render it (toString) as the client does.
//   diff:   rendered.mergeDiff(diff); then, like the client, if the diff holds only "c" render just
//           the outermost changed components that are on the page (componentToString), otherwise
//           the whole tree with toString(cids of the diff); an empty diff renders nothing.
//   These client renders are not the output, but they must happen: rendering is where the client
//   resolves the per-diff "p" template tables into the tree, assigns magic ids and clears its
//   change-tracking flags, all of which shapes how the next diff merges and renders.
//   (b) The output. The client's own renders are incremental: a root-flagged ("r":1) subtree
//       untouched since the last render comes out as an empty `data-phx-skip` placeholder that
//       the DOM patch leaves in place, and a component-only diff renders only those components.
//       To get the full HTML (what the DOM holds after the patch), after each merge the oracle
//       deep-copies the merged tree, deletes the client's bookkeeping from the copy (magicId,
//       newRender, reset) and renders the copy with a fresh Rendered instance, exactly as a
//       client joining with that tree would: with no magic ids and no flags, every root counts
//       as a new render, so nothing is skipped. The copy is taken before the client's own render
//       of the step, so the step's "p" tables and stream entries are still in it. A
//       `data-phx-skip` left in the output is reported as an oracle failure.
//   (a) The client injects client-owned attributes into root elements. This script strips ONLY
//       the magic ids ` data-phx-id="m<N>-<viewId>"` (right after the tag name, where the client
//       puts them), because their numbering depends on the client's render history and a server's
//       static render has none. Component attributes are KEPT: a component root keeps
//       ` data-phx-id="c<cid>-<viewId>" data-phx-component="<cid>" data-phx-view="<viewId>"`, and
//       a server-side expectation of a component's HTML must include them.
// Limits: no DOM is involved, so the output is the client's rendering of its tree. Stream entries
// live only in the DOM once rendered: the output after a step shows only the stream entries that
// step carried. phx-update="ignore"/"stream" and other DOM-patch behaviours are not modelled.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const clientDir = resolve(here, "../../client");
const lvDir = join(clientDir, "node_modules/phoenix_live_view");
const renderedEntry = join(lvDir, "assets/js/phoenix_live_view/rendered.js");

/** The phoenix_live_view version pinned in client/package.json. */
function pinnedVersion() {
  const pkg = JSON.parse(readFileSync(join(clientDir, "package.json"), "utf8"));
  return pkg.dependencies.phoenix_live_view;
}

let renderedClass = null;

/** Bundles the installed client's rendered.js (once per process) and returns its Rendered class. */
export async function loadRendered() {
  if (renderedClass) return renderedClass;
  let installed;
  try {
    installed = JSON.parse(readFileSync(join(lvDir, "package.json"), "utf8")).version;
  } catch {
    throw new Error(`phoenix_live_view is not installed in ${clientDir}: run \`npm ci\` there`);
  }
  if (installed !== pinnedVersion()) {
    throw new Error(
      `client/node_modules has phoenix_live_view ${installed}, package.json pins ${pinnedVersion()}: run \`npm ci\` in ${clientDir}`,
    );
  }
  const require = createRequire(join(clientDir, "package.json"));
  const esbuild = require("esbuild");
  const result = await esbuild.build({
    entryPoints: [renderedEntry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  if (globalThis.window === undefined) {
    globalThis.window = { structuredClone: globalThis.structuredClone, dispatchEvent: () => true };
  }
  // Imported from a temporary file (rather than a data: URL) so stack traces stay readable.
  const dir = mkdtempSync(join(tmpdir(), "live-oracle-"));
  try {
    const file = join(dir, "phoenix_live_view-rendered.mjs");
    writeFileSync(file, result.outputFiles[0].text);
    renderedClass = (await import(pathToFileURL(file).href)).default;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return renderedClass;
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Removes the client's ` data-phx-id="m<N>-<viewId>"` magic ids (and only those). */
export function stripMagicIds(html, viewId) {
  const magic = new RegExp(`(<[^\\s/>]+) data-phx-id="m\\d+-${escapeRegExp(viewId)}"`, "g");
  return html.replace(magic, "$1");
}

// Deletes the client's render bookkeeping from a copied tree, so a fresh render skips nothing.
function dropBookkeeping(node) {
  if (node === null || typeof node !== "object") return;
  delete node.magicId;
  delete node.newRender;
  delete node.reset;
  for (const key in node) dropBookkeeping(node[key]);
}

// The full HTML of the tree held by `rendered`, rendered by a fresh instance of the client class.
function fullHtml(Rendered, rendered, viewId) {
  const copy = structuredClone(rendered.get());
  dropBookkeeping(copy);
  const { buffer } = new Rendered(viewId, copy).toString(null);
  if (/<[^>]*\sdata-phx-skip[\s>=/]/.test(buffer)) {
    throw new Error(`oracle bug: data-phx-skip left in full render: ${buffer}`);
  }
  return stripMagicIds(buffer, viewId);
}

// Component ids referenced as dynamic slots inside `node`, not descending into components.
function slotCids(node, out = []) {
  for (const key in node) {
    if (key === "s" || key === "p" || key === "c" || key === "stream") continue;
    const value = node[key];
    if (typeof value === "number") {
      if (/^\d+$/.test(key)) out.push(value);
    } else if (value !== null && typeof value === "object") {
      slotCids(value, out);
    }
  }
  return out;
}

// Which components the page shows, and for each the components rendered inside it (what the
// client's DOM.findExistingParentCIDs reads from the DOM), from the tree as last rendered.
function componentsOnPage(tree) {
  const comps = tree.c || {};
  const inside = new Map();
  const below = (cid) => {
    if (inside.has(cid)) return inside.get(cid);
    const found = new Set();
    inside.set(cid, found); // guards against cycles
    for (const child of comps[cid] ? slotCids(comps[cid]) : []) {
      found.add(child);
      for (const grandchild of below(child)) found.add(grandchild);
    }
    return found;
  };
  const onPage = new Set();
  for (const cid of slotCids(tree)) {
    onPage.add(cid);
    for (const nested of below(cid)) onPage.add(nested);
  }
  return { onPage, inside: below };
}

// The outermost components of `cids` that are on the page (DOM.findExistingParentCIDs).
function existingParentCids(page, cids) {
  const parents = new Set();
  const children = new Set();
  for (const cid of cids) {
    if (!page.onPage.has(cid)) continue;
    parents.add(cid);
    for (const child of page.inside(cid)) children.add(child);
  }
  for (const child of children) parents.delete(child);
  return [...parents];
}

// Prefixes an error's message with where it happened, keeping the original as `cause`.
function wrap(where, err) {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`${where}: ${message}`, { cause: err });
}

/** Runs one case; returns the full HTML after each step. */
export function runCase(Rendered, viewId, steps) {
  const htmls = [];
  let rendered = null;
  steps.forEach((raw, index) => {
    try {
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new Error("a step must be a JSON object");
      }
      const { diff } = Rendered.extract(raw);
      if (index === 0) {
        rendered = new Rendered(viewId, diff);
        htmls.push(fullHtml(Rendered, rendered, viewId));
        rendered.toString(null); // the client's join render
        return;
      }
      const page = componentsOnPage(rendered.get());
      rendered.mergeDiff(diff);
      htmls.push(fullHtml(Rendered, rendered, viewId));
      if (rendered.isComponentOnlyDiff(diff)) {
        for (const cid of existingParentCids(page, rendered.componentCIDs(diff))) {
          rendered.componentToString(cid); // the client's component patch render
        }
      } else if (Object.keys(diff).length > 0) {
        rendered.toString(rendered.componentCIDs(diff)); // the client's full patch render
      }
    } catch (err) {
      throw wrap(`step ${index}${index === 0 ? " (join)" : ""}`, err);
    }
  });
  return htmls;
}

/** Runs every case of an oracle input document; returns the output document. */
export async function runOracle(input) {
  if (input === null || typeof input !== "object" || !Array.isArray(input.cases)) {
    throw new Error('input must be {"cases": [...]}');
  }
  const Rendered = await loadRendered();
  const cases = input.cases.map((c, i) => {
    try {
      if (c === null || typeof c !== "object" || typeof c.viewId !== "string" || c.viewId === "") {
        throw new Error("viewId must be a non-empty string");
      }
      if (!Array.isArray(c.steps) || c.steps.length === 0) {
        throw new Error("steps must be a non-empty array (the join rendered first)");
      }
      return runCase(Rendered, c.viewId, c.steps);
    } catch (err) {
      throw wrap(`case ${i}${c && typeof c.viewId === "string" ? ` (${c.viewId})` : ""}`, err);
    }
  });
  return { cases };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

async function main() {
  try {
    const text = await readStdin();
    let input;
    try {
      input = JSON.parse(text);
    } catch (err) {
      throw new Error(`stdin is not valid JSON: ${err.message}`);
    }
    const output = await runOracle(input);
    process.stdout.write(`${JSON.stringify(output)}\n`);
  } catch (err) {
    let root = err;
    while (root instanceof Error && root.cause instanceof Error) root = root.cause;
    console.error(`oracle: ${err instanceof Error ? err.message : err}`);
    if (root instanceof Error && root.stack) console.error(`\n${root.stack}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
