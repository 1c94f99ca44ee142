import "server-only";
import type Database from "better-sqlite3";
import type { ScriptRecord } from "@/lib/runners/run-script";
import { asText, describeWidening, kindOfSqlType, planColumns, sqlType, widen, type ColumnKind } from "./column-types";
import { cellValue } from "./destination";

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export type TableColumn = { name: string; type: string; kind: ColumnKind };

export function tableColumns(db: Database.Database, table: string): TableColumn[] {
  return (db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as { name: string; type: string }[]).map((c) => ({
    name: c.name,
    type: c.type || "(untyped)",
    kind: kindOfSqlType(c.type, "sqlite"),
  }));
}

/** Returned by a cell for a value its column cannot hold: the load widens the column, then goes on. */
export const MISFIT = Symbol("misfit");

// A value as its column stores it, checked on the way: one call per value is the whole per-value
// cost of a load (better-sqlite3 binds every JS number as a double; an INTEGER column's affinity
// stores whole ones as integers).
type Cell = (value: unknown) => unknown;
const CELL: Record<ColumnKind, Cell> = {
  integer: (v) => (typeof v === "number" ? (Number.isSafeInteger(v) ? v : MISFIT) : v === null || v === undefined ? null : MISFIT),
  double: (v) => (typeof v === "number" ? v : v === null || v === undefined ? null : MISFIT),
  boolean: (v) => (typeof v === "boolean" ? (v ? 1 : 0) : v === null || v === undefined ? null : MISFIT),
  timestamp: asText,
  json: (v) => (v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : MISFIT),
  text: asText,
  // A column an older install created without a type: values go in as they always did.
  untyped: cellValue,
};

// Existing values rewritten into the wider column: booleans read as true/false, like new ones.
function widenedValue(column: string, from: ColumnKind, to: ColumnKind): string {
  const c = quoteIdent(column);
  if (to === "double") return `CAST(${c} AS REAL)`;
  if (from === "boolean") return `CASE WHEN ${c} IS NULL THEN NULL WHEN ${c} THEN 'true' ELSE 'false' END`;
  return `CAST(${c} AS TEXT)`;
}

type Column = { name: string; kind: ColumnKind; cell: Cell };

/** Maps record keys to typed table columns, adding and widening them (SQLite column names are case-insensitive). */
export class Columns {
  private byLower = new Map<string, Column>();
  // Record keys as written, so the per-value path does not lower-case every key.
  private byKey = new Map<string, Column | undefined>();
  private statements = new Map<string, Database.Statement>();

  constructor(
    private db: Database.Database,
    private table: string,
    private log: (line: string) => void,
  ) {
    for (const c of tableColumns(db, table)) this.byLower.set(c.name.toLowerCase(), { name: c.name, kind: c.kind, cell: CELL[c.kind] });
  }

  column(key: string): Column | undefined {
    let c = this.byKey.get(key);
    if (c === undefined && !this.byKey.has(key)) {
      c = this.byLower.get(key.toLowerCase());
      if (c) this.byKey.set(key, c);
    }
    return c;
  }

  /** Adds the columns a batch needs and widens those that cannot hold its values; false when it needs none. */
  prepare(batch: ScriptRecord[]): boolean {
    const changes = planColumns(batch, (k) => this.column(k)?.kind, "sqlite");
    if (!changes.length) return false;
    const t = quoteIdent(this.table);
    for (const change of changes) {
      // Keys differing only in case share a column: the first one may have added it in this loop.
      const existing = this.column(change.key);
      const to = widen(existing?.kind ?? null, change.to)!;
      if (!existing) {
        this.db.exec(`ALTER TABLE ${t} ADD COLUMN ${quoteIdent(change.key)} ${sqlType(to as Exclude<ColumnKind, "untyped">, "sqlite")}`);
        this.byLower.set(change.key.toLowerCase(), { name: change.key, kind: to, cell: CELL[to] });
      } else if (to !== existing.kind) {
        // SQLite cannot change a column's type: a new column takes the converted values, then the name.
        const tmp = quoteIdent(`_switchyard_widen_${existing.name}`);
        this.db.exec(`ALTER TABLE ${t} ADD COLUMN ${tmp} ${sqlType(to as Exclude<ColumnKind, "untyped">, "sqlite")}`);
        this.db.exec(`UPDATE ${t} SET ${tmp} = ${widenedValue(existing.name, existing.kind, to)}`);
        this.db.exec(`ALTER TABLE ${t} DROP COLUMN ${quoteIdent(existing.name)}`);
        this.db.exec(`ALTER TABLE ${t} RENAME COLUMN ${tmp} TO ${quoteIdent(existing.name)}`);
        this.log(describeWidening(this.table, { key: existing.name, from: existing.kind, to }, "sqlite"));
        Object.assign(existing, { kind: to, cell: CELL[to] });
        this.statements.clear();
      }
    }
    return true;
  }

  /** An INSERT of `rows` rows with these keys, prepared once and reused. */
  statementFor(keys: string[], signature: string, rows: number): Database.Statement {
    const cacheKey = `${rows}\u0002${signature}`;
    let stmt = this.statements.get(cacheKey);
    if (!stmt) {
      const cols = ["_run_id", "_loaded_at", ...keys.map((k) => this.column(k)!.name)];
      if (new Set(cols.map((c) => c.toLowerCase())).size !== cols.length) throw caseClash(keys.join(", "));
      const tuple = `(${cols.map(() => "?").join(", ")})`;
      stmt = this.db.prepare(`INSERT INTO ${quoteIdent(this.table)} (${cols.map(quoteIdent).join(", ")}) VALUES ${Array(rows).fill(tuple).join(", ")}`);
      this.statements.set(cacheKey, stmt);
    }
    return stmt;
  }
}

const caseClash = (keys: string) => new Error(`Record keys ${keys} differ only in letter case; SQLite columns cannot tell them apart`);
