import "server-only";
import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom, type CopyStreamQuery } from "pg-copy-streams";
import type { ScriptRecord } from "@/lib/runners/run-script";
import { asText, describeWidening, isExactTimestamp, kindOfSqlType, planColumns, sqlType, type ColumnKind } from "./column-types";
import { logLoad, type DestinationColumn, type FeedState, type LoadTarget, type Loader } from "./destination";

export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export type StateWriter = (c: pg.Client, state: FeedState) => Promise<void>;

// COPY's text format: tab-separated, \N for NULL, and backslash escapes for these four.
const SPECIAL = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const escapeCopy = (s: string) => (SPECIAL.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]) : s);

// A value as COPY text for its column, checked on the way (one call per value): MISFIT when the
// column cannot hold it, and the load widens the column before going on.
const MISFIT = Symbol("misfit");
type Encode = (value: unknown) => string | typeof MISFIT;
const NULL = "\\N";
const isNull = (v: unknown) => v === null || v === undefined;
const ENCODE: Record<ColumnKind, Encode> = {
  integer: (v) => (typeof v === "number" ? (Number.isSafeInteger(v) ? String(v) : MISFIT) : isNull(v) ? NULL : MISFIT),
  double: (v) => (typeof v === "number" ? String(v) : isNull(v) ? NULL : MISFIT),
  boolean: (v) => (typeof v === "boolean" ? (v ? "t" : "f") : isNull(v) ? NULL : MISFIT),
  // isExactTimestamp's strings have nothing to escape.
  timestamp: (v) => (typeof v === "string" && isExactTimestamp(v) ? v : isNull(v) ? NULL : MISFIT),
  json: (v) => (isNull(v) ? NULL : typeof v === "object" ? escapeCopy(JSON.stringify(v)) : MISFIT),
  text: (v) => (isNull(v) ? NULL : escapeCopy(asText(v)!)),
  // A type this code does not create: PostgreSQL parses the text as the column's type.
  untyped: (v) => (isNull(v) ? NULL : escapeCopy(asText(v)!)),
};

// Existing values in the wider type: timestamps keep their ISO 8601 form (the session is in UTC).
function usingFor(column: string, from: ColumnKind, to: ColumnKind): string {
  const c = q(column);
  if (to === "text" && from === "timestamp") return `to_json(${c}) #>> '{}'`;
  return `${c}::${sqlType(to as Exclude<ColumnKind, "untyped">, "postgres")}`;
}

/** The table's columns in order, with information_schema's type names. */
export async function pgTableColumns(c: pg.Client, schema: string, table: string): Promise<DestinationColumn[]> {
  const r = await c.query<DestinationColumn>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  return r.rows;
}

/** The kinds of the table's columns, by name (PostgreSQL names are case-sensitive). */
export async function columnKinds(c: pg.Client, schema: string, table: string): Promise<Map<string, ColumnKind>> {
  return new Map((await pgTableColumns(c, schema, table)).map((col) => [col.name, kindOfSqlType(col.type, "postgres")]));
}

/** One open COPY ... FROM STDIN: rows are streamed to the server as they come, ended before any other statement. */
class CopyIn {
  private stream: CopyStreamQuery;
  private done: Promise<void>;
  private failed: Error | null = null;

  constructor(
    c: pg.Client,
    sql: string,
    readonly keys: string[],
  ) {
    this.stream = c.query(copyFrom(sql));
    this.done = new Promise<void>((resolve, reject) => {
      this.stream.on("finish", resolve);
      this.stream.on("error", (e: Error) => {
        this.failed = e;
        reject(e);
      });
    });
    this.done.catch(() => {});
  }

  async write(text: string) {
    if (this.failed) throw this.failed;
    // Back-pressure: the script waits while PostgreSQL catches up.
    if (!this.stream.write(text)) await once(this.stream, "drain");
  }

  end(): Promise<void> {
    this.stream.end();
    return this.done;
  }

  async abort() {
    if (!this.stream.destroyed) this.stream.destroy(new Error("The load was rolled back"));
    await this.done.catch(() => {});
  }
}

/** One load run's transaction on its own connection: commit stores the state with the rows, both end the connection. */
abstract class PgTransactionLoader implements Loader {
  constructor(
    protected c: pg.Client,
    protected schema: string,
    protected target: LoadTarget,
    protected columns: Map<string, ColumnKind>,
    private writeState: StateWriter,
  ) {}

  protected get table() {
    return `${q(this.schema)}.${q(this.target.table)}`;
  }

  abstract write(batch: ScriptRecord[]): Promise<void>;
  // Finishing (or abandoning) what write() left in flight, before COMMIT (or ROLLBACK).
  protected async flush(): Promise<void> {}
  protected async abandon(): Promise<void> {}

  async commit(state: FeedState | null): Promise<void> {
    try {
      await this.flush();
      if (state !== null) await this.writeState(this.c, state);
      await this.c.query("COMMIT");
    } finally {
      await this.c.end().catch(() => {});
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.abandon();
      await this.c.query("ROLLBACK");
    } finally {
      await this.c.end().catch(() => {});
    }
  }
}

/** A PostgreSQL load run: COPY into the feed's table inside the transaction that also stores the state. */
export class PgCopyLoader extends PgTransactionLoader {
  private loadedAt = new Date().toISOString();
  private copy: CopyIn | null = null;
  private copyKeys: string[] = [];

  private async endCopy() {
    const copy = this.copy;
    this.copy = null;
    await copy?.end();
  }

  /** Adds and widens columns for these records; false when they need none. */
  private async alter(records: ScriptRecord[]): Promise<boolean> {
    const changes = planColumns(records, (k) => this.columns.get(k), "postgres");
    if (!changes.length) return false;
    await this.endCopy();
    for (const change of changes) {
      const to = change.to as Exclude<ColumnKind, "untyped">;
      if (change.from === null) {
        await this.c.query(`ALTER TABLE ${this.table} ADD COLUMN ${q(change.key)} ${sqlType(to, "postgres")}`);
      } else {
        await this.c.query(`ALTER TABLE ${this.table} ALTER COLUMN ${q(change.key)} TYPE ${sqlType(to, "postgres")} USING ${usingFor(change.key, change.from, to)}`);
        logLoad(this.target, describeWidening(this.target.table, { ...change, from: change.from }, "postgres"));
      }
      this.columns.set(change.key, change.to);
    }
    return true;
  }

  /** A COPY listing every key the records bring that has a column (a key without one has had only nulls). */
  private async startCopy(records: ScriptRecord[]) {
    // The keys of the last COPY stay listed, so alternating record shapes do not restart it each time.
    const keys = [...this.copyKeys];
    const listed = new Set(keys);
    for (const r of records) {
      for (const k in r) {
        if (listed.has(k) || !this.columns.has(k)) continue;
        listed.add(k);
        keys.push(k);
      }
    }
    await this.endCopy();
    const cols = ["_run_id", "_loaded_at", ...keys].map(q).join(", ");
    this.copy = new CopyIn(this.c, `COPY ${this.table} (${cols}) FROM STDIN`, keys);
    this.copyKeys = keys;
  }

  async write(batch: ScriptRecord[]): Promise<void> {
    let i = 0;
    if (!this.copy) {
      await this.alter(batch);
      await this.startCopy(batch);
    }
    while (i < batch.length) {
      const copy = this.copy!;
      const keys = copy.keys;
      const listed = new Set(keys);
      const encoders = keys.map((k) => ENCODE[this.columns.get(k)!]);
      const prefix = `${this.target.runId}\t${this.loadedAt}`;
      let text = "";
      let r = i;
      rows: for (; r < batch.length; r++) {
        const record = batch[r];
        let line = prefix;
        for (let k = 0; k < keys.length; k++) {
          const cell = encoders[k](record[keys[k]]);
          if (cell === MISFIT) break rows;
          line += "\t" + cell;
        }
        for (const k in record) if (!listed.has(k) && record[k] !== null && record[k] !== undefined) break rows;
        text += line + "\n";
      }
      if (text) await copy.write(text);
      if (r === batch.length) return;
      // A value that does not fit, or a key this COPY does not list: widen or add columns, and
      // start a COPY that lists the new keys (widening converts the rows already copied too).
      const rest = batch.slice(r);
      const altered = await this.alter(rest);
      const before = this.copyKeys.length;
      await this.startCopy(rest);
      if (!altered && this.copyKeys.length === before) throw new Error(`Record ${r + 1} of the batch fits no column change; this is a bug`);
      i = r;
    }
  }

  protected flush() {
    return this.endCopy();
  }

  protected async abandon() {
    await this.copy?.abort();
    this.copy = null;
  }
}

// Redshift takes COPY only from S3: records go in multi-row INSERTs, every column VARCHAR.
const MAX_PARAMS = 60_000;

export class RedshiftLoader extends PgTransactionLoader {
  private loadedAt = new Date();

  async write(batch: ScriptRecord[]): Promise<void> {
    const keys = [...new Set(batch.flatMap((r) => Object.keys(r)))];
    for (const key of keys) {
      if (this.columns.has(key)) continue;
      await this.c.query(`ALTER TABLE ${this.table} ADD COLUMN ${q(key)} VARCHAR(65535)`);
      this.columns.set(key, "text");
    }
    const cols = ["_run_id", "_loaded_at", ...keys];
    const perRow = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
    for (let start = 0; start < batch.length; start += perRow) {
      const params: unknown[] = [];
      const tuples = batch.slice(start, start + perRow).map((r) => {
        const base = params.length;
        params.push(this.target.runId, this.loadedAt, ...keys.map((k) => asText(r[k])));
        return `(${cols.map((_, i) => `$${base + i + 1}`).join(",")})`;
      });
      await this.c.query(`INSERT INTO ${this.table} (${cols.map(q).join(",")}) VALUES ${tuples.join(",")}`, params);
    }
  }
}
