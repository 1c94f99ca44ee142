import fs from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { redactUri } from "@/lib/secrets/redact";
import { canonical, checkSourceShape, CopyError, fromSource, fromTarget, planTables, quote, toTarget, type ColumnPlan, type SchemaModules, type TablePlan } from "./copy-plan";
import { migratePostgres } from "./pg-migrate";
import * as pgSchema from "./pg-schema";
import * as sqliteSchema from "./schema";

// `npx switchyard db copy --from sqlite --to postgres://...` (issue #13): moves an installation's
// SQLite store into PostgreSQL. The PostgreSQL migrations first, then one PostgreSQL transaction:
// compare every source row with the target row of the same key, refuse if any differs (or the
// target holds rows the source has not) unless `overwrite`, insert the missing rows parents first,
// verify the row counts, move the identity sequences past the copied ids, commit. Any failure rolls
// everything back. SQLite is opened read-only and read in one transaction: one consistent snapshot
// while the server goes on writing. Secrets columns hold ciphertext and are copied as they are.

export { CopyError };

export type CopyOptions = {
  sqliteFile: string;
  url: string;
  // Make the target equal to the source when they differ: its tables are emptied, then filled.
  overwrite?: boolean;
  onTableCopied?: (table: string, copied: number) => void;
  // Tests only: other schemas, another way to prepare the target.
  schemas?: SchemaModules;
  migrate?: (url: string) => Promise<void>;
};

export type TableReport = { table: string; sourceRows: number; targetRows: number; copied: number };
export type CopyReport = {
  tables: TableReport[];
  migrationsApplied: number;
  // The target held other data and `overwrite` replaced it.
  replaced: boolean;
  sequences: string[];
  nulReplaced: string[];
  changed: boolean;
};

type Difference = { table: string; differing: number; samples: string[]; extra: number; extraSamples: string[] };

const SAMPLES = 5;
const MAX_PARAMS = 20_000;

export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyReport> {
  const plans = planTables(options.schemas ?? { sqlite: sqliteSchema, pg: pgSchema });
  if (!fs.existsSync(options.sqliteFile)) throw new CopyError(`there is no SQLite store at ${options.sqliteFile} (set DATA_DIR to the installation's data folder)`);
  const target = await connect(options.url);
  let source: Database.Database | undefined;
  try {
    const before = await migrationCount(target);
    try {
      await (options.migrate ?? migratePostgres)(options.url);
    } catch (e) {
      throw new CopyError(`applying the PostgreSQL migrations (drizzle/pg) failed: ${pgMessage(e)}`);
    }
    const migrationsApplied = (await migrationCount(target)) - before;

    source = new Database(options.sqliteFile, { readonly: true, fileMustExist: true, timeout: 10_000 });
    // One read transaction, begun by its first read: every later read sees the same snapshot.
    source.exec("BEGIN");
    checkSourceShape(source, plans);
    const sqliteSequences = readSqliteSequences(source);

    await target.query("BEGIN");
    try {
      // Two copies at once into one database would each see the other's rows as a difference.
      await target.query("SELECT pg_advisory_xact_lock(hashtext('switchyard db copy'))");
      const report = await copyInTransaction(source, target, plans, sqliteSequences, options);
      report.migrationsApplied = migrationsApplied;
      await target.query("COMMIT");
      return report;
    } catch (e) {
      await target.query("ROLLBACK").catch(() => {});
      throw e;
    }
  } finally {
    source?.close();
    await target.end().catch(() => {});
  }
}

async function copyInTransaction(source: Database.Database, target: pg.Client, plans: TablePlan[], sqliteSequences: Map<string, number>, options: CopyOptions): Promise<CopyReport> {
  // Values whose U+0000 was replaced, counted as they are written (pass 2).
  const nul = new Map<string, { count: number }>(plans.map((p) => [p.name, { count: 0 }]));
  // Pass 1, reads only: which source rows the target lacks, holds differently, or holds besides.
  let missing = 0;
  const differences: Difference[] = [];
  for (const plan of plans) {
    const d: Difference = { table: plan.name, differing: 0, samples: [], extra: 0, extraSamples: [] };
    let present = 0;
    for (const rows of sourceBatches(source, plan, { count: 0 })) {
      const existing = await targetRowsByKey(target, plan, rows.map((r) => r[keyIndex(plan)]));
      for (const row of rows) {
        const key = canonical(plan.key.kind, row[keyIndex(plan)]);
        const there = existing.get(key);
        if (!there) {
          missing += 1;
          continue;
        }
        present += 1;
        const changed = plan.columns.filter((c, i) => canonical(c.kind, row[i]) !== canonical(c.kind, there[i])).map((c) => c.name);
        if (changed.length) {
          d.differing += 1;
          if (d.samples.length < SAMPLES) d.samples.push(`${plan.key.name} ${String(row[keyIndex(plan)])} (${changed.join(", ")})`);
        }
      }
    }
    d.extra = (await count(target, plan)) - present;
    if (d.extra > 0) d.extraSamples = await keysOnlyInTarget(source, target, plan);
    if (d.differing || d.extra) differences.push(d);
  }

  const replaced = differences.length > 0;
  if (replaced && !options.overwrite) throw new CopyError(refusal(differences));
  if (replaced) await target.query(`TRUNCATE ${plans.map((p) => quote(p.name)).join(", ")}`);

  // Pass 2: the rows the target lacks (all of them after TRUNCATE), parents before children.
  const copied = new Map<string, number>();
  if (missing > 0 || replaced) {
    for (const plan of plans) {
      let n = 0;
      for (const rows of sourceBatches(source, plan, nul.get(plan.name)!)) n += await insertRows(target, plan, rows);
      copied.set(plan.name, n);
      options.onTableCopied?.(plan.name, n);
    }
  }

  const tables: TableReport[] = [];
  for (const plan of plans) {
    const sourceRows = (source.prepare(`SELECT count(*) AS n FROM ${quote(plan.name)}`).get() as { n: number }).n;
    tables.push({ table: plan.name, sourceRows, targetRows: await count(target, plan), copied: copied.get(plan.name) ?? 0 });
  }
  const wrong = tables.filter((t) => t.sourceRows !== t.targetRows);
  if (wrong.length) throw new CopyError(`row counts differ after the copy (rolled back): ${wrong.map((t) => `${t.table} ${t.sourceRows} in SQLite, ${t.targetRows} in PostgreSQL`).join("; ")}`);

  const sequences = await advanceSequences(target, plans, sqliteSequences);
  const nulReplaced = [...nul].filter(([, n]) => n.count > 0).map(([table, n]) => `${table}: ${n.count} value(s)`);
  return { tables, migrationsApplied: 0, replaced, sequences, nulReplaced, changed: missing > 0 || replaced || sequences.length > 0 };
}

const keyIndex = (plan: TablePlan) => plan.columns.indexOf(plan.key);

/** The source's rows in key order, as the app reads them, in batches small enough for one INSERT. */
function* sourceBatches(source: Database.Database, plan: TablePlan, nul: { count: number }): Generator<unknown[][]> {
  const size = Math.min(1_000, Math.floor(MAX_PARAMS / plan.columns.length));
  const columns = plan.columns.map((c) => quote(c.name)).join(", ");
  const key = quote(plan.key.name);
  const first = source.prepare(`SELECT ${columns} FROM ${quote(plan.name)} ORDER BY ${key} LIMIT ?`).raw(true);
  const next = source.prepare(`SELECT ${columns} FROM ${quote(plan.name)} WHERE ${key} > ? ORDER BY ${key} LIMIT ?`).raw(true);
  const k = keyIndex(plan);
  let last: unknown;
  for (;;) {
    const raw = (last === undefined ? first.all(size) : next.all(last, size)) as unknown[][];
    if (!raw.length) return;
    last = raw[raw.length - 1][k];
    yield raw.map((r) => plan.columns.map((c, i) => convert(plan, c, r, i, nul)));
    if (raw.length < size) return;
  }
}

function convert(plan: TablePlan, column: ColumnPlan, row: unknown[], i: number, nul: { count: number }): unknown {
  try {
    return fromSource(column, row[i], nul);
  } catch (e) {
    // Never the parser's message: it quotes the value.
    const why = column.kind === "json" ? "is not valid JSON" : `cannot be read (${(e as Error).name})`;
    throw new CopyError(`${plan.name}.${column.name} of the row with ${plan.key.name} ${String(row[keyIndex(plan)])} ${why}`);
  }
}

async function targetRowsByKey(target: pg.Client, plan: TablePlan, keys: unknown[]): Promise<Map<string, unknown[]>> {
  const columns = plan.columns.map((c) => quote(c.name)).join(", ");
  const { rows } = await target.query<unknown[]>({
    text: `SELECT ${columns} FROM ${quote(plan.name)} WHERE ${quote(plan.key.name)} = ANY($1::${plan.keyType}[])`,
    values: [keys.map((k) => toTarget(plan.key, k))],
    rowMode: "array",
  });
  const k = keyIndex(plan);
  return new Map(
    rows.map((raw) => {
      const row = plan.columns.map((c, i) => fromTarget(c, raw[i]));
      return [canonical(plan.key.kind, row[k]), row];
    }),
  );
}

async function insertRows(target: pg.Client, plan: TablePlan, rows: unknown[][]): Promise<number> {
  const width = plan.columns.length;
  const values = rows.flatMap((row) => plan.columns.map((c, i) => toTarget(c, row[i])));
  const tuples = rows.map((_, r) => `(${plan.columns.map((_, i) => `$${r * width + i + 1}`).join(", ")})`).join(", ");
  try {
    const result = await target.query(
      `INSERT INTO ${quote(plan.name)} (${plan.columns.map((c) => quote(c.name)).join(", ")}) VALUES ${tuples} ON CONFLICT (${quote(plan.key.name)}) DO NOTHING`,
      values,
    );
    return result.rowCount ?? 0;
  } catch (e) {
    const k = keyIndex(plan);
    throw new CopyError(`copying ${plan.name} (${plan.key.name} ${String(rows[0][k])} to ${String(rows[rows.length - 1][k])}) failed, nothing was written: ${pgMessage(e)}`);
  }
}

async function count(target: pg.Client, plan: TablePlan): Promise<number> {
  const { rows } = await target.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(plan.name)}`);
  return Number(rows[0].n);
}

/** Up to SAMPLES keys of target rows the source does not have. */
async function keysOnlyInTarget(source: Database.Database, target: pg.Client, plan: TablePlan): Promise<string[]> {
  const found: string[] = [];
  const key = quote(plan.key.name);
  const exists = (n: number) => source.prepare(`SELECT ${key} FROM ${quote(plan.name)} WHERE ${key} IN (${Array(n).fill("?").join(", ")})`).raw(true);
  let last: unknown;
  while (found.length < SAMPLES) {
    const { rows } = await target.query<unknown[]>({
      text: `SELECT ${key} FROM ${quote(plan.name)} ${last === undefined ? "" : `WHERE ${key} > $1`} ORDER BY ${key} LIMIT 500`,
      values: last === undefined ? [] : [last],
      rowMode: "array",
    });
    if (!rows.length) break;
    last = rows[rows.length - 1][0];
    const keys = rows.map((r) => fromTarget(plan.key, r[0]));
    const asSource = keys.map((k) => plan.key.source.mapToDriverValue(k) as string | number);
    const inSource = new Set((exists(asSource.length).all(...asSource) as unknown[][]).map((r) => canonical(plan.key.kind, r[0])));
    for (const k of keys) if (!inSource.has(canonical(plan.key.kind, k)) && found.length < SAMPLES) found.push(String(k));
  }
  return found;
}

function refusal(differences: Difference[]): string {
  const lines = differences.flatMap((d) => [
    ...(d.differing ? [`${d.table}: ${d.differing} row(s) differ: ${d.samples.join("; ")}${d.differing > d.samples.length ? "; ..." : ""}`] : []),
    ...(d.extra ? [`${d.table}: ${d.extra} row(s) only in the target: ${d.extraSamples.map((k) => `${k}`).join(", ")}${d.extra > d.extraSamples.length ? ", ..." : ""}`] : []),
  ]);
  return [
    "the target already holds other data under the same keys; nothing was written:",
    ...lines.map((l) => `  ${l}`),
    "Copy into an empty database, or run again with --overwrite to replace the target's rows with the source's (it empties these tables first).",
  ].join("\n");
}

/** SQLite AUTOINCREMENT never reuses an id, even a deleted row's: the sequences start past both. */
function readSqliteSequences(source: Database.Database): Map<string, number> {
  try {
    return new Map((source.prepare("SELECT name, seq FROM sqlite_sequence").all() as { name: string; seq: number }[]).map((r) => [r.name, Number(r.seq)]));
  } catch {
    return new Map(); // no AUTOINCREMENT table has had a row yet
  }
}

async function advanceSequences(target: pg.Client, plans: TablePlan[], sqliteSequences: Map<string, number>): Promise<string[]> {
  const moved: string[] = [];
  for (const plan of plans) {
    for (const column of plan.columns.filter((c) => c.kind === "number")) {
      const { rows } = await target.query<{ seq: string | null }>("SELECT pg_get_serial_sequence($1, $2) AS seq", [quote(plan.name), column.name]);
      const seq = rows[0].seq;
      if (!seq) continue;
      const max = await target.query<{ max: string | null }>(`SELECT max(${quote(column.name)})::text AS max FROM ${quote(plan.name)}`);
      const needed = Math.max(Number(max.rows[0].max ?? 0), column === plan.key ? (sqliteSequences.get(plan.name) ?? 0) : 0);
      const state = await target.query<{ last: string; called: boolean }>(`SELECT last_value::text AS last, is_called AS called FROM ${seq}`);
      const next = Number(state.rows[0].last) + (state.rows[0].called ? 1 : 0);
      if (needed < next) continue;
      await target.query("SELECT setval($1::regclass, $2, true)", [seq, needed]);
      moved.push(`${plan.name}.${column.name} next ${needed + 1}`);
    }
  }
  return moved;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A dropped connection rejects the pending query; without a listener it would also crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
    return client;
  } catch (e) {
    await client.end().catch(() => {});
    const hint = (e as { code?: string }).code === "3D000" ? " (create the database first, e.g. createdb)" : "";
    throw new CopyError(`cannot connect to PostgreSQL at ${redactUri(url)}: ${pgMessage(e)}${hint}`);
  }
}

async function migrationCount(target: pg.Client): Promise<number> {
  const present = await target.query<{ t: string | null }>("SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t");
  if (!present.rows[0].t) return 0;
  const { rows } = await target.query<{ n: string }>("SELECT count(*) AS n FROM drizzle.__drizzle_migrations");
  return Number(rows[0].n);
}

/** PostgreSQL's message and where it applies, never its DETAIL (which quotes the row's values). */
function pgMessage(e: unknown): string {
  const err = e as Error & { code?: string; constraint?: string; column?: string; table?: string; errors?: Error[] };
  // node-postgres reports a refused connection to every address of a name as an AggregateError with an empty message.
  const message = err.message || err.errors?.map((x) => x.message).join("; ") || err.code || String(e);
  const where = [err.table && `table ${err.table}`, err.column && `column ${err.column}`, err.constraint && `constraint ${err.constraint}`].filter(Boolean);
  return where.length ? `${message} (${where.join(", ")})` : message;
}

/** The report as the CLI prints it: one line per table, then what changed. */
export function formatCopyReport(report: CopyReport): string {
  const head = ["table", "source rows", "target rows", "copied"];
  const rows = report.tables.map((t) => [t.table, String(t.sourceRows), String(t.targetRows), String(t.copied)]);
  const total = (f: (t: TableReport) => number) => String(report.tables.reduce((n, t) => n + f(t), 0));
  rows.push(["total", total((t) => t.sourceRows), total((t) => t.targetRows), total((t) => t.copied)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join("  ");
  const out = [line(head), ...rows.map(line)];
  if (report.migrationsApplied) out.push(`applied ${report.migrationsApplied} PostgreSQL migration(s) first`);
  if (report.replaced) out.push("the target held other data: its tables were emptied and filled from the source (--overwrite)");
  if (report.nulReplaced.length) out.push(`replaced U+0000 (which PostgreSQL text and jsonb cannot hold) with U+FFFD in ${report.nulReplaced.join(", ")}`);
  if (report.sequences.length) out.push(`identity sequences moved past the copied ids: ${report.sequences.join(", ")}`);
  out.push(
    report.changed
      ? `copied ${total((t) => t.copied)} row(s); every table's row count matches`
      : "nothing to copy: the target already holds every row of the source, unchanged; nothing was written",
  );
  return out.join("\n");
}
