import fs from "node:fs";
import path from "node:path";

// The raw bytes of a server's DATA_DIR, as a thief with a copy of the folder would read them: the
// database and its WAL, keys, run folders, logs. Files that vanish while being read (a run's
// temporary folder, a WAL checkpoint) are skipped.

/** Every regular file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.isFile()) out.push(f);
    }
  };
  walk(dir);
  return out;
}

/** The files under `dir` whose bytes contain any of `needles` (as given), each with what it contains. */
export function filesContaining(dir: string, needles: string | string[]): string[] {
  const list = (Array.isArray(needles) ? needles : [needles]).filter(Boolean).map((n) => [n, Buffer.from(n)] as const);
  const hits: string[] = [];
  for (const file of filesUnder(dir)) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue;
    }
    for (const [text, needle] of list) if (bytes.includes(needle)) hits.push(`${path.relative(dir, file)} contains ${text}`);
  }
  return hits;
}
