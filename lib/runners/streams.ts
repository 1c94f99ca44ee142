import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

// How a script's pipes are read: records as newline-delimited JSON, logs as lines of bounded length.

// Python's json writes NaN and Infinity, which JSON has no words for: they load as null. Only
// tokens outside strings are replaced. This is the slow path for lines JSON.parse refused.
export function parseLenient(line: string): unknown {
  let out = "";
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      out += c;
      if (c === "\\") out += line[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const word = line.startsWith("NaN", i) ? "NaN" : line.startsWith("-Infinity", i) ? "-Infinity" : line.startsWith("Infinity", i) ? "Infinity" : null;
    if (word) {
      out += "null";
      i += word.length - 1;
    } else out += c;
  }
  try {
    return JSON.parse(out);
  } catch {
    return undefined;
  }
}

/** Splits a byte stream into lines; a line longer than `max` characters is cut and the rest of it dropped. */
export function lineReader(stream: Readable, max: number, onBytes: (n: number) => void, onLine: (line: string, cut: boolean) => void) {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let dropping = false;
  const take = (text: string) => {
    const parts = (rest + text).split("\n");
    rest = parts.pop()!;
    for (const p of parts) {
      if (dropping) dropping = false;
      else onLine(p, false);
    }
    if (rest.length > max) {
      if (!dropping) onLine(rest.slice(0, max), true);
      dropping = true;
      rest = "";
    }
  };
  stream.on("data", (chunk: Buffer) => {
    onBytes(chunk.length);
    take(decoder.write(chunk));
  });
  stream.on("end", () => {
    take(decoder.end());
    if (rest && !dropping) onLine(rest, false);
  });
}

