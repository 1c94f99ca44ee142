// Runs a JavaScript fetch script with `lib` importable (import { outputStream, metadata, connection } from "lib").
// Started by sandbox_init.py inside the sandbox (or sandbox.py in unsafe mode); reads its context from stdin.
import fs from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const context = JSON.parse(fs.readFileSync(0, "utf8") || "{}");
// Inside the sandbox the only way out is the egress proxy: fetch() is pointed at it (as Python's
// requests and urllib are through HTTP(S)_PROXY) with undici's EnvHttpProxyAgent, loaded on the
// first call so scripts that never fetch do not pay for it. (undici is bound in beside lib.)
if (process.env.HTTPS_PROXY) {
  const original = globalThis.fetch;
  let ready = false;
  globalThis.fetch = function fetch(...args) {
    if (!ready) {
      const require = createRequire(import.meta.url);
      const { EnvHttpProxyAgent, setGlobalDispatcher } = require("undici");
      setGlobalDispatcher(new EnvHttpProxyAgent());
      ready = true;
    }
    return original.apply(this, args);
  };
}
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
