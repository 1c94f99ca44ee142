// Runs a JavaScript fetch script with `lib` importable (import { outputStream, metadata, connection } from "lib").
// Started by sandbox.py; reads its context from stdin.
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const context = JSON.parse(fs.readFileSync(0, "utf8") || "{}");
globalThis.__switchyardContext = context;
const lib = await import("lib");

process.on("exit", () => lib.flush());
process.on("uncaughtException", (error) => fail(error));
process.on("unhandledRejection", (error) => fail(error));

function fail(error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`${error instanceof Error && error.stack ? error.stack : message}\n`);
  lib.report("exception", message);
  lib.flush();
  process.exit(1);
}

try {
  await import(pathToFileURL(context.script).href);
} catch (error) {
  fail(error);
}
