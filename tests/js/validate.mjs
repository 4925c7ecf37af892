// Offline validators for generated artifacts, run by the test suite.
// Reads JSON lines from stdin: {"id": "...", "kind": "prisma" | "mermaid", "text": "..."}
// and writes one JSON line per input: {"id": "...", "ok": true} or {"id": "...", "ok": false, "error": "..."}.
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { JSDOM } from "jsdom";

const require = createRequire(import.meta.url);
const prisma = require("@prisma/prisma-schema-wasm");

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const key of ["DOMParser", "Element", "HTMLElement", "SVGElement", "Node", "navigator"]) {
  if (!(key in globalThis)) {
    Object.defineProperty(globalThis, key, { value: dom.window[key], configurable: true });
  }
}
const mermaid = (await import("mermaid")).default;
mermaid.initialize({ startOnLoad: false });

async function check(kind, text) {
  if (kind === "prisma") {
    prisma.validate(JSON.stringify({ prismaSchema: [["schema.prisma", text]], noColor: true }));
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
  const { id, kind, text } = JSON.parse(line);
  try {
    await check(kind, text);
    process.stdout.write(JSON.stringify({ id, ok: true }) + "\n");
  } catch (err) {
    const message = err && err.message ? err.message : String(err);
    process.stdout.write(JSON.stringify({ id, ok: false, error: message }) + "\n");
  }
}
