import "server-only";
import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom, type CopyStreamQuery } from "pg-copy-streams";
import type { ScriptRecord } from "@/lib/runners/run-script";
import { asText, describeWidening, kindOfSqlType, planColumns, sqlType, type ColumnKind } from "./column-types";
import { logLoad, type DestinationColumn, type FeedState, type LoadTarget, type Loader } from "./destination";

export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export type StateWriter = (c: pg.Client, state: FeedState) => Promise<void>;

// COPY's text format: tab-separated, \N for NULL, and backslash escapes for these four.
const SPECIAL = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const escapeCopy = (s: string) => (SPECIAL.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]) : s);

type Encode = (value: unknown) => string;
const NULL = "\\N";
const ENCODE: Record<ColumnKind, Encode> = {
  integer: (v) => (v === null || v === undefined ? NULL : String(v)),
  double: (v) => (v === null || v === undefined ? NULL : String(v)),
  boolean: (v) => (v === null || v === undefined ? NULL : v ? "t" : "f"),
  // Only strings isExactTimestamp accepted get here: nothing to escape.
  timestamp: (v) => (v === null || v === undefined ? NULL : (v as string)),
  json: (v) => (v === null || v === undefined ? NULL : escapeCopy(JSON.stringify(v))),
  text: (v) => (v === null || v === undefined ? NULL : escapeCopy(asText(v)!)),
  // A type this code does not create: PostgreSQL parses the text as the column's type.
  untyped: (v) => (v === null || v === undefined ? NULL : escapeCopy(asText(v)!)),
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

/** A PostgreSQL load run: COPY into the feed's table inside the transaction that also stores the state. */
export class PgCopyLoader implements Loader {
  private loadedAt = new Date().toISOString();
  private copy: CopyIn | null = null;

  constructor(
    private c: pg.Client,
    private schema: string,
    private target: LoadTarget,
    private columns: Map<string, ColumnKind>,
    private writeState: StateWriter,
  ) {}

  private get table() {
    return `${q(this.schema)}.${q(this.target.table)}`;
  }

  private async endCopy() {
    const copy = this.copy;
    this.copy = null;
    await copy?.end();
  }

  private async alter(batch: ScriptRecord[]) {
    const changes = planColumns(batch, (k) => this.columns.get(k), "postgres");
    if (!changes.length) return;
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
  }

  async write(batch: ScriptRecord[]): Promise<void> {
    await this.alter(batch);
    // One COPY for as long as the records bring no key it does not list.
    let keys = this.copy?.keys;
    const listed = new Set(keys);
    const extra: string[] = [];
    for (const r of batch) {
      for (const k in r) {
        // A key with no column has been seen only with nulls: its cells are NULL anyway.
        if (listed.has(k) || !this.columns.has(k)) continue;
        listed.add(k);
        extra.push(k);
      }
    }
    if (!this.copy || extra.length) {
      await this.endCopy();
      keys = [...(keys ?? []), ...extra];
      const cols = ["_run_id", "_loaded_at", ...keys].map(q).join(", ");
      this.copy = new CopyIn(this.c, `COPY ${this.table} (${cols}) FROM STDIN`, keys);
    }
    const encoders = keys!.map((k) => ENCODE[this.columns.get(k)!]);
    const prefix = `${this.target.runId}\t${this.loadedAt}`;
    let text = "";
    for (const r of batch) {
      let line = prefix;
      for (let i = 0; i < keys!.length; i++) line += "\t" + encoders[i](r[keys![i]]);
      text += line + "\n";
    }
    await this.copy.write(text);
  }

  async commit(state: FeedState | null): Promise<void> {
    try {
      await this.endCopy();
      if (state !== null) await this.writeState(this.c, state);
      await this.c.query("COMMIT");
    } finally {
      await this.c.end().catch(() => {});
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.copy?.abort();
      this.copy = null;
      await this.c.query("ROLLBACK");
    } finally {
      await this.c.end().catch(() => {});
    }
  }
}

// Redshift takes COPY only from S3: records go in multi-row INSERTs, every column VARCHAR.
const MAX_PARAMS = 60_000;

export class RedshiftLoader implements Loader {
  private loadedAt = new Date();

  constructor(
    private c: pg.Client,
    private schema: string,
    private target: LoadTarget,
    private columns: Map<string, ColumnKind>,
    private writeState: StateWriter,
  ) {}

  private get table() {
    return `${q(this.schema)}.${q(this.target.table)}`;
  }

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

  async commit(state: FeedState | null): Promise<void> {
    try {
      if (state !== null) await this.writeState(this.c, state);
      await this.c.query("COMMIT");
    } finally {
      await this.c.end().catch(() => {});
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.c.query("ROLLBACK");
    } finally {
      await this.c.end().catch(() => {});
    }
  }
}
