// Bundles src/app.js with esbuild into one minified browser script: `node client/build.mjs <outfile>`.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";

const here = dirname(fileURLToPath(import.meta.url));

function fail(message) {
  console.error(`client/build.mjs: ${message}`);
  process.exit(1);
}

const outArg = process.argv[2];
if (!outArg || process.argv.length > 3) {
  fail("usage: node client/build.mjs <outfile>");
}
// The output path is relative to the caller's cwd; everything else is relative to this script.
const outfile = resolve(process.cwd(), outArg);

let esbuild;
try {
  esbuild = await import("esbuild");
} catch (err) {
  fail(`cannot load esbuild (${err.message}); run \`npm ci\` in ${here}`);
}

try {
  await esbuild.build({
    absWorkingDir: here,
    entryPoints: [resolve(here, "src/app.js")],
    outfile,
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    sourcemap: false,
    logLevel: "silent",
  });
} catch (err) {
  const details = (err.errors || []).map((e) => {
    const loc = e.location ? `${e.location.file}:${e.location.line}: ` : "";
    return `  ${loc}${e.text}`;
  });
  fail(`esbuild failed:\n${details.length ? details.join("\n") : `  ${err.message}`}`);
}
