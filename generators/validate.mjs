// Prisma's schema engine and Mermaid's parser for generated artifacts: run by devbot before it
// writes anything (where Node.js and the npm packages are installed) and by the test suite.
// Reads JSON lines from stdin: {"id": "...", "kind": "prisma" | "mermaid", "text": "...", "major": 6 | 7}
// and writes one JSON line per input: {"id": "...", "ok": true} or {"id": "...", "ok": false, "error": "..."}.
// The root of the node_modules to load from is the first argument (default: the working directory).
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

import { pathToFileURL } from "node:url";
import path from "node:path";

const root = path.resolve(process.argv[2] || process.cwd());
const require = createRequire(path.join(root, "package.json"));
const prisma7 = require("@prisma/prisma-schema-wasm");
const prisma6 = require("@prisma/prisma-schema-wasm-6");

const { JSDOM } = await import(pathToFileURL(require.resolve("jsdom")).href);
const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const key of ["DOMParser", "Element", "HTMLElement", "SVGElement", "Node", "navigator"]) {
  if (!(key in globalThis)) {
    Object.defineProperty(globalThis, key, { value: dom.window[key], configurable: true });
  }
}
const mermaid = (await import(pathToFileURL(require.resolve("mermaid")).href)).default;
mermaid.initialize({ startOnLoad: false });

async function check(kind, text, major) {
  if (kind === "prisma") {
    const engine = major && major < 7 ? prisma6 : prisma7;
    engine.validate(JSON.stringify({ prismaSchema: [["schema.prisma", text]], noColor: true }));
    return;
  }
  if (kind === "mermaid") {
    await mermaid.parse(text);
    return;
  }
  throw new Error(`unknown kind ${kind}`);
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  let id = null;
  try {
    const item = JSON.parse(line);
    id = item.id;
    await check(item.kind, item.text, item.major);
    process.stdout.write(JSON.stringify({ id, ok: true }) + "\n");
  } catch (err) {
    const message = err && err.message ? err.message : String(err);
    process.stdout.write(JSON.stringify({ id, ok: false, error: message }) + "\n");
  }
}
