import type Database from "better-sqlite3";
import { is, type Column } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgTable, type PgColumn } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable, type SQLiteColumn } from "drizzle-orm/sqlite-core";

// What `db copy` (lib/db/copy.ts) copies, read off the two drizzle schemas rather than written per
// table: every table of lib/db/schema.ts paired by name with its twin in lib/db/pg-schema.ts, every
// column paired by name, in foreign-key order. A value goes from SQLite to PostgreSQL through the two
// columns' own drizzle mappers (epoch ms -> Date -> timestamptz, 0/1 -> boolean, JSON text -> value
// -> jsonb), so a new table or column is copied without a change here; one this file cannot pair or
// convert stops the copy, named.

export class CopyError extends Error {}

// drizzle's dialect-neutral column kinds that both mappers handle; "custom" and arrays are refused.
const KINDS = new Set(["string", "number", "boolean", "date", "json", "buffer", "bigint"]);

// pg-core has no bytea column: a blob's twin is a customType whose SQL type is bytea (node-postgres
// sends and reads a Buffer as bytea).
const isBytes = (source: SQLiteColumn, target: PgColumn) => source.dataType === "buffer" && target.getSQLType() === "bytea";

export type ColumnPlan = { name: string; kind: string; source: SQLiteColumn; target: PgColumn };
export type TablePlan = { name: string; columns: ColumnPlan[]; key: ColumnPlan; keyType: string; parents: string[] };
export type SchemaModules = { sqlite: Record<string, unknown>; pg: Record<string, unknown> };

/** The tables to copy, parents before children; throws naming whatever cannot be paired. */
export function planTables(schemas: SchemaModules): TablePlan[] {
  const pgTables = new Map<string, PgTable>();
  for (const v of Object.values(schemas.pg)) if (is(v, PgTable)) pgTables.set(pgTableConfig(v).name, v);
  const plans = new Map<string, TablePlan>();
  const problems: string[] = [];
  for (const v of Object.values(schemas.sqlite)) {
    if (!is(v, SQLiteTable)) continue;
    const config = sqliteTableConfig(v);
    const twin = pgTables.get(config.name);
    if (!twin) {
      problems.push(`table ${config.name} is in lib/db/schema.ts but not in lib/db/pg-schema.ts`);
      continue;
    }
    pgTables.delete(config.name);
    const target = new Map((pgTableConfig(twin).columns as PgColumn[]).map((c) => [c.name, c]));
    const columns: ColumnPlan[] = [];
    for (const source of config.columns as SQLiteColumn[]) {
      const t = target.get(source.name);
      target.delete(source.name);
      if (!t) problems.push(`column ${config.name}.${source.name} is in lib/db/schema.ts but not in lib/db/pg-schema.ts`);
      else if (source.dataType !== t.dataType && !isBytes(source, t)) problems.push(`column ${config.name}.${source.name} is ${source.dataType} in SQLite but ${t.dataType} in PostgreSQL: no conversion`);
      else if (!KINDS.has(source.dataType)) problems.push(`column ${config.name}.${source.name}: db copy cannot convert a column of kind ${source.dataType}`);
      else columns.push({ name: source.name, kind: source.dataType, source, target: t });
    }
    for (const name of target.keys()) problems.push(`column ${config.name}.${name} is in lib/db/pg-schema.ts but not in lib/db/schema.ts`);
    const keys = columns.filter((c) => c.source.primary);
    if (keys.length !== 1 || config.primaryKeys.length) {
      problems.push(`table ${config.name}: db copy needs a primary key of one column`);
      continue;
    }
    const parents = config.foreignKeys.map((fk) => sqliteTableConfig(fk.reference().foreignTable).name).filter((p) => p !== config.name);
    plans.set(config.name, { name: config.name, columns, key: keys[0], keyType: keys[0].target.getSQLType(), parents });
  }
  for (const name of pgTables.keys()) problems.push(`table ${name} is in lib/db/pg-schema.ts but not in lib/db/schema.ts`);
  if (problems.length) throw new CopyError(`the SQLite and PostgreSQL schemas do not pair up (lib/db/schema-parity.test.ts says more):\n  ${problems.join("\n  ")}`);
  return dependencyOrder(plans);
}

function dependencyOrder(plans: Map<string, TablePlan>): TablePlan[] {
  const out: TablePlan[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (plan: TablePlan, path: string[]) => {
    if (state.get(plan.name) === "done") return;
    if (state.get(plan.name) === "visiting") throw new CopyError(`foreign keys form a cycle: ${[...path, plan.name].join(" -> ")}`);
    state.set(plan.name, "visiting");
    for (const parent of [...plan.parents].sort()) {
      const p = plans.get(parent);
      if (!p) throw new CopyError(`table ${plan.name} references ${parent}, which is not in lib/db/schema.ts`);
      visit(p, [...path, plan.name]);
    }
    state.set(plan.name, "done");
    out.push(plan);
  };
  // By name where foreign keys leave the order open: the same order however the schema module lists its tables.
  for (const plan of [...plans.values()].sort((a, b) => a.name.localeCompare(b.name))) visit(plan, []);
  return out;
}

/** The SQLite file must hold exactly the tables and columns the schema declares (else data would be left behind, or missed). */
export function checkSourceShape(source: Database.Database, plans: TablePlan[]): void {
  const problems: string[] = [];
  const inFile = new Set(
    (source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '__drizzle_migrations'").all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  for (const plan of plans) {
    if (!inFile.delete(plan.name)) {
      problems.push(`table ${plan.name} is missing from the SQLite store`);
      continue;
    }
    const actual = new Set((source.prepare(`PRAGMA table_info(${quote(plan.name)})`).all() as { name: string }[]).map((c) => c.name));
    for (const c of plan.columns) if (!actual.delete(c.name)) problems.push(`column ${plan.name}.${c.name} is missing from the SQLite store`);
    for (const name of actual) problems.push(`column ${plan.name}.${name} is in the SQLite store but not in lib/db/schema.ts: it would not be copied`);
  }
  for (const name of inFile) problems.push(`table ${name} is in the SQLite store but not in lib/db/schema.ts: it would not be copied`);
  if (problems.length) {
    throw new CopyError(
      `the SQLite store does not match this version's schema (an older store: run \`npx switchyard db migrate\` or start the server once, then copy):\n  ${problems.join("\n  ")}`,
    );
  }
}

export const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** A value as the app reads it from SQLite (the column's drizzle mapper), with U+0000 replaced: PostgreSQL text and jsonb cannot hold it. */
export function fromSource(column: ColumnPlan, raw: unknown, nul: { count: number }): unknown {
  if (raw === null || raw === undefined) return null;
  return withoutNul(column.source.mapFromDriverValue(raw), nul);
}

/** The parameter PostgreSQL gets for an app value (the target column's drizzle mapper). */
export function toTarget(column: ColumnPlan, value: unknown): unknown {
  return value === null ? null : (column.target as Column).mapToDriverValue(value);
}

/** A value as the app reads it from PostgreSQL (node-postgres' parse, then the column's drizzle mapper). */
export function fromTarget(column: ColumnPlan, raw: unknown): unknown {
  return raw === null || raw === undefined ? null : column.target.mapFromDriverValue(raw);
}

function withoutNul(value: unknown, nul: { count: number }): unknown {
  if (typeof value === "string") {
    if (!value.includes("\0")) return value;
    nul.count += 1;
    return value.replaceAll("\0", "\uFFFD");
  }
  if (Array.isArray(value)) return value.map((v) => withoutNul(v, nul));
  if (value && typeof value === "object" && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k, nul) as string, withoutNul(v, nul)]));
  }
  return value;
}

/**
 * One string per value that is equal for equal values of the column's kind: object keys sorted
 * (jsonb keeps no key order), dates by their milliseconds, SQLite's loose typing (a number in a
 * text column) folded the way PostgreSQL stores it.
 */
export function canonical(kind: string, value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (kind === "string") return JSON.stringify(String(value));
  if (kind === "number") return String(Number(value));
  return canon(value);
}

function canon(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (v instanceof Date) return `date:${v.getTime()}`;
  if (Buffer.isBuffer(v)) return `bytes:${v.toString("hex")}`;
  if (typeof v === "bigint") return `bigint:${v}`;
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canon(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}
