// The `lib` module for JavaScript fetch scripts: outputStream, metadata and connection, as in Python.
import fs from "node:fs";

const context = globalThis.__switchyardContext ?? {};
const RECORDS_FD = 3;
const CONTROL_FD = 4;
// Test runs send each record at once: the run ends when it has the preview's records, which it cannot
// do while they sit in the buffer of a script that keeps working. Load runs send 64 kB blocks.
const FLUSH_AT = context.maxRecords ? 1 : 1 << 16;
let buffer = "";

function writeAll(fd, text) {
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(fd, bytes, offset);
    } catch (e) {
      if (e.code === "EAGAIN") continue;
      if (e.code === "EPIPE") process.exit(0); // Switchyard stopped reading (test preview complete)
      throw e;
    }
  }
}

export function flush() {
  if (buffer) {
    const text = buffer;
    buffer = "";
    writeAll(RECORDS_FD, text);
  }
}

export const outputStream = {
  write(record) {
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      throw new TypeError(`outputStream.write expects an object (one record), got ${Array.isArray(record) ? "array" : typeof record}`);
    }
    buffer += JSON.stringify(record) + "\n";
    if (buffer.length >= FLUSH_AT) flush();
  },
  flush,
};

const state = { ...(context.metadata ?? {}) };
// metadata.get(key, fallback) as in Python (metadata.get("next_id", 1)); the keys are plain properties too.
Object.defineProperty(state, "get", {
  enumerable: false,
  value(key, fallback = null) {
    return Object.hasOwn(state, key) ? state[key] : fallback;
  },
});
export const metadata = Object.defineProperty(state, "save", {
  enumerable: false,
  value(value) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new TypeError("metadata.save expects an object");
    }
    const text = JSON.stringify(value);
    for (const key of Object.keys(state)) delete state[key];
    Object.assign(state, JSON.parse(text));
    writeAll(CONTROL_FD, `{"type":"metadata","value":${text}}\n`);
  },
});

// connection.headers and connection.params: ready for every type, and re-read when Switchyard renews
// them during the run (OAuth 2.0 access tokens). Read them for each request rather than keeping a copy.
const base = { headers: {}, params: {}, ...(context.connection ?? { type: "none" }) };
const livePath = context.script ? `${context.script.slice(0, context.script.lastIndexOf("/"))}/connection/live.json` : null;
let liveStamp = null;
function liveValue(key) {
  if (livePath) {
    try {
      const stamp = fs.statSync(livePath).mtimeMs;
      if (stamp !== liveStamp) {
        const fresh = JSON.parse(fs.readFileSync(livePath, "utf8"));
        base.headers = fresh.headers ?? {};
        base.params = fresh.params ?? {};
        liveStamp = stamp;
      }
    } catch {
      // not renewed (yet)
    }
  }
  return Object.freeze({ ...base[key] });
}
const live = {};
for (const [key, value] of Object.entries(base)) {
  if (key === "headers" || key === "params") Object.defineProperty(live, key, { enumerable: true, get: () => liveValue(key) });
  else Object.defineProperty(live, key, { enumerable: true, value });
}
export const connection = Object.freeze(live);

export function report(kind, message) {
  writeAll(CONTROL_FD, JSON.stringify({ type: "error", kind, message }) + "\n");
}

export default { outputStream, metadata, connection };
