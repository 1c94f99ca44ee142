import "server-only";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { dataPath } from "@/lib/config";
import type { ScriptRecord } from "@/lib/runners/run-script";
import type { Destination, FeedState, LoadTarget, Loader } from "./destination";
import { acquire } from "./mutex";

// One NDJSON file per run under DATA_DIR/files/<feed>/. The commit point is the atomic rename of
// _manifest.json, which lists the committed files and holds the feed's state; a file the manifest
// does not list was never committed and is removed on the next load.

type Manifest = { files: string[]; state: FeedState | null; updatedAt: string };

const folder = (table: string) => dataPath("files", table);

function readManifest(dir: string): Manifest {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "_manifest.json"), "utf8")) as Manifest;
  } catch {
    return { files: [], state: null, updatedAt: new Date(0).toISOString() };
  }
}

function writeManifest(dir: string, m: Manifest) {
  const tmp = path.join(dir, `._manifest.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, "w", 0o600);
  fs.writeSync(fd, JSON.stringify(m, null, 2));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, path.join(dir, "_manifest.json"));
}

function removeUncommitted(dir: string, m: Manifest) {
  for (const f of fs.readdirSync(dir)) {
    if (f === "_manifest.json" || m.files.includes(f)) continue;
    fs.rmSync(path.join(dir, f), { force: true });
  }
}

class FilesLoader implements Loader {
  private fd: number;
  private file: string;
  private loadedAt = new Date().toISOString();

  constructor(
    private dir: string,
    private target: LoadTarget,
    private release: () => void,
  ) {
    this.file = `run-${String(target.runId).padStart(8, "0")}.ndjson`;
    this.fd = fs.openSync(path.join(dir, `.${this.file}.tmp`), "w", 0o600);
  }

  write(batch: ScriptRecord[]): void {
    let text = "";
    for (const r of batch) text += JSON.stringify({ _run_id: this.target.runId, _loaded_at: this.loadedAt, ...r }) + "\n";
    fs.writeSync(this.fd, text);
  }

  async commit(state: FeedState | null): Promise<void> {
    try {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      fs.renameSync(path.join(this.dir, `.${this.file}.tmp`), path.join(this.dir, this.file));
      const m = readManifest(this.dir);
      const files = this.target.loadType === "truncate_insert" ? [this.file] : [...m.files, this.file];
      writeManifest(this.dir, { files, state: state ?? m.state, updatedAt: new Date().toISOString() });
      removeUncommitted(this.dir, { ...m, files });
    } finally {
      this.release();
    }
  }

  async rollback(): Promise<void> {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(path.join(this.dir, `.${this.file}.tmp`), { force: true });
    this.release();
  }
}

export const filesDestination: Destination = {
  type: "files",

  async readState(_feedId, table) {
    return readManifest(folder(table)).state;
  },

  async writeState(_feedId, table, state) {
    const dir = folder(table);
    const release = await acquire(dir);
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeManifest(dir, { ...readManifest(dir), state, updatedAt: new Date().toISOString() });
    } finally {
      release();
    }
  },

  async open(target) {
    const dir = folder(target.table);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const release = await acquire(dir);
    try {
      removeUncommitted(dir, readManifest(dir));
      return new FilesLoader(dir, target, release);
    } catch (e) {
      release();
      throw e;
    }
  },

  // NDJSON keeps every record as the script wrote it: no table, no column types.
  async columns() {
    return null;
  },

  async sampleRows(table, runId, limit) {
    const file = path.join(folder(table), `run-${String(runId).padStart(8, "0")}.ndjson`);
    if (!fs.existsSync(file)) return [];
    const out: ScriptRecord[] = [];
    const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line) out.push(JSON.parse(line) as ScriptRecord);
      if (out.length >= limit) break;
    }
    lines.close();
    return out;
  },
};
