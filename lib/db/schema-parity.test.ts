import { is, SQL, type Column } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgDialect, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteSyncDialect, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as pg from "./pg-schema";
import * as sqlite from "./schema";

// lib/db/schema.ts (SQLite) is the source of truth; lib/db/pg-schema.ts must declare the same tables,
// columns, keys and indexes, each column reading the same to the app. A column added to one and not
// the other fails here, by table and column name.

type Described = {
  tables: Map<string, TableShape>;
};
type TableShape = {
  // JS key -> column facts, so a service reading row.someKey gets the same thing from either store.
  columns: Map<string, ColumnShape>;
  indexes: Map<string, string>;
  foreignKeys: Map<string, string>;
  primaryKey: string;
};
type ColumnShape = {
  name: string;
  // drizzle's dialect-neutral kind: number, string, boolean, date (epoch ms / timestamptz), json.
  kind: string;
  notNull: boolean;
  enumValues: string;
  default: string;
  generatedId: boolean;
  unique: boolean;
};

function describeDefault(column: Column, render: (s: SQL) => string): string {
  if (!column.hasDefault) return "none";
  const value = column.default;
  if (!is(value, SQL)) return `value ${JSON.stringify(value)}`;
  const text = render(value);
  // SQLite spells a JSON column's default as a string literal ('[]'); PostgreSQL gets the value.
  const literal = /^'(.*)'$/s.exec(text);
  if (literal && column.dataType === "json") return `value ${JSON.stringify(JSON.parse(literal[1].replaceAll("''", "'")))}`;
  // created_at defaults are "now" in each dialect's own words.
  return "SQL expression";
}

function describeSchema(dialect: "sqlite" | "pg"): Described {
  const tables = new Map<string, TableShape>();
  const modules: Record<string, unknown> = dialect === "sqlite" ? sqlite : pg;
  const sqliteDialect = new SQLiteSyncDialect();
  const pgDialect = new PgDialect();
  const render = (s: SQL) => (dialect === "sqlite" ? sqliteDialect.sqlToQuery(s).sql : pgDialect.sqlToQuery(s).sql);
  for (const value of Object.values(modules)) {
    let config;
    if (dialect === "sqlite" && is(value, SQLiteTable)) config = sqliteTableConfig(value);
    else if (dialect === "pg" && is(value, PgTable)) config = pgTableConfig(value);
    else continue;
    const table = value as SQLiteTable | PgTable;
    const keyOf = new Map<Column, string>(Object.entries(table).filter(([, c]) => config.columns.includes(c as never)).map(([k, c]) => [c as Column, k]));
    const columns = new Map<string, ColumnShape>();
    for (const c of config.columns as Column[]) {
      columns.set(keyOf.get(c) ?? `(no key for ${c.name})`, {
        name: c.name,
        kind: c.dataType,
        notNull: c.notNull,
        enumValues: c.enumValues ? c.enumValues.join(",") : "-",
        default: describeDefault(c, render),
        generatedId: dialect === "sqlite" ? Boolean((c as unknown as { autoIncrement?: boolean }).autoIncrement) : Boolean((c as unknown as { generatedIdentity?: unknown }).generatedIdentity),
        unique: c.isUnique,
      });
    }
    const indexes = new Map<string, string>();
    for (const i of config.indexes) {
      const cols = i.config.columns.map((x) => (is(x, SQL) ? render(x) : (x as Column).name));
      indexes.set(i.config.name ?? "(unnamed)", `${i.config.unique ? "unique " : ""}(${cols.join(", ")})`);
    }
    for (const u of config.uniqueConstraints) indexes.set(u.getName() ?? "(unnamed)", `unique constraint (${u.columns.map((c) => c.name).join(", ")})`);
    const foreignKeys = new Map<string, string>();
    for (const fk of config.foreignKeys) {
      const ref = fk.reference();
      const target = is(ref.foreignTable, SQLiteTable) ? sqliteTableConfig(ref.foreignTable).name : pgTableConfig(ref.foreignTable as PgTable).name;
      // SQLite leaves ON UPDATE unset, PostgreSQL says "no action": the same thing.
      foreignKeys.set(ref.columns.map((c) => c.name).join(","), `-> ${target}(${ref.foreignColumns.map((c) => c.name).join(",")}) on delete ${fk.onDelete ?? "no action"} on update ${fk.onUpdate ?? "no action"}`);
    }
    const primary = (config.columns as Column[]).filter((c) => c.primary).map((c) => c.name);
    const composite = config.primaryKeys.map((k) => k.columns.map((c) => c.name).join(","));
    tables.set(config.name, { columns, indexes, foreignKeys, primaryKey: [...primary, ...composite].join(" | ") });
  }
  return { tables };
}

/** Every difference, one line each, named by table and column. */
function schemaDifferences(a: Described, b: Described): string[] {
  const out: string[] = [];
  for (const name of new Set([...a.tables.keys(), ...b.tables.keys()])) {
    const s = a.tables.get(name);
    const p = b.tables.get(name);
    if (!s) {
      out.push(`table ${name}: in lib/db/pg-schema.ts but not in lib/db/schema.ts`);
      continue;
    }
    if (!p) {
      out.push(`table ${name}: in lib/db/schema.ts but not in lib/db/pg-schema.ts (add it there and generate drizzle/pg)`);
      continue;
    }
    if (s.primaryKey !== p.primaryKey) out.push(`table ${name}: primary key is (${s.primaryKey}) in SQLite, (${p.primaryKey}) in PostgreSQL`);
    for (const key of new Set([...s.columns.keys(), ...p.columns.keys()])) {
      const sc = s.columns.get(key);
      const pc = p.columns.get(key);
      if (!sc) out.push(`column ${name}.${pc!.name} (${key}): in lib/db/pg-schema.ts but not in lib/db/schema.ts`);
      else if (!pc) out.push(`column ${name}.${sc.name} (${key}): in lib/db/schema.ts but not in lib/db/pg-schema.ts (add it there and generate drizzle/pg)`);
      else {
        for (const fact of Object.keys(sc) as (keyof ColumnShape)[]) {
          if (sc[fact] !== pc[fact]) out.push(`column ${name}.${sc.name} (${key}): ${fact} is ${JSON.stringify(sc[fact])} in SQLite, ${JSON.stringify(pc[fact])} in PostgreSQL`);
        }
      }
    }
    for (const [kind, sm, pm] of [
      ["index", s.indexes, p.indexes],
      ["foreign key", s.foreignKeys, p.foreignKeys],
    ] as const) {
      for (const key of new Set([...sm.keys(), ...pm.keys()])) {
        if (sm.get(key) !== pm.get(key)) out.push(`table ${name}: ${kind} ${key}: ${sm.get(key) ?? "missing"} in SQLite, ${pm.get(key) ?? "missing"} in PostgreSQL`);
      }
    }
  }
  return out;
}

// Row types, checked by `tsc --noEmit`: a mismatch names the table in the error ("Type 'false' is
// not assignable to type 'true'" on its line).
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Rows<S, P> = S extends { $inferSelect: infer SS; $inferInsert: infer SI } ? (P extends { $inferSelect: infer PS; $inferInsert: infer PI } ? [Same<SS, PS>, Same<SI, PI>] : [false, false]) : [false, false];
const rowTypes: Record<keyof typeof pg, [true, true]> = {
  users: [true, true] as Rows<typeof sqlite.users, typeof pg.users>,
  revokedSessions: [true, true] as Rows<typeof sqlite.revokedSessions, typeof pg.revokedSessions>,
  apiTokens: [true, true] as Rows<typeof sqlite.apiTokens, typeof pg.apiTokens>,
  auditEvents: [true, true] as Rows<typeof sqlite.auditEvents, typeof pg.auditEvents>,
  settings: [true, true] as Rows<typeof sqlite.settings, typeof pg.settings>,
  connections: [true, true] as Rows<typeof sqlite.connections, typeof pg.connections>,
  feeds: [true, true] as Rows<typeof sqlite.feeds, typeof pg.feeds>,
  runs: [true, true] as Rows<typeof sqlite.runs, typeof pg.runs>,
  runLogs: [true, true] as Rows<typeof sqlite.runLogs, typeof pg.runLogs>,
  jobs: [true, true] as Rows<typeof sqlite.jobs, typeof pg.jobs>,
  tableDescriptions: [true, true] as Rows<typeof sqlite.tableDescriptions, typeof pg.tableDescriptions>,
  provisionedCredentials: [true, true] as Rows<typeof sqlite.provisionedCredentials, typeof pg.provisionedCredentials>,
};

describe("SQLite and PostgreSQL schemas", () => {
  it("declare the same tables, columns, keys and indexes", () => {
    const differences = schemaDifferences(describeSchema("sqlite"), describeSchema("pg"));
    expect(differences, `lib/db/schema.ts and lib/db/pg-schema.ts differ:\n  ${differences.join("\n  ")}\n`).toEqual([]);
  });

  it("compare every table (the check is not vacuous)", () => {
    const names = [...describeSchema("sqlite").tables.keys()].sort();
    expect(names).toEqual([...describeSchema("pg").tables.keys()].sort());
    expect(names).toHaveLength(Object.keys(rowTypes).length);
    expect(describeSchema("sqlite").tables.get("users")!.indexes.get("users_email_lower_unique")).toBe('unique (lower("users"."email"))');
    expect(describeSchema("pg").tables.get("runs")!.columns.get("createdBy")!.kind).toBe("string");
  });

  it("name the table and column of each kind of drift", () => {
    const drifted = describeSchema("pg");
    const feeds = drifted.tables.get("feeds")!;
    feeds.columns.delete("pausedReason");
    feeds.columns.set("tags", { ...feeds.columns.get("tags")!, kind: "string" });
    feeds.columns.set("name", { ...feeds.columns.get("name")!, notNull: true });
    drifted.tables.get("users")!.indexes.set("users_email_lower_unique", '(lower("users"."email"))');
    drifted.tables.get("runs")!.foreignKeys.clear();
    drifted.tables.delete("jobs");
    expect(schemaDifferences(describeSchema("sqlite"), drifted)).toEqual([
      "table users: index users_email_lower_unique: unique (lower(\"users\".\"email\")) in SQLite, (lower(\"users\".\"email\")) in PostgreSQL",
      "column feeds.name (name): notNull is false in SQLite, true in PostgreSQL",
      'column feeds.tags (tags): kind is "json" in SQLite, "string" in PostgreSQL',
      "column feeds.paused_reason (pausedReason): in lib/db/schema.ts but not in lib/db/pg-schema.ts (add it there and generate drizzle/pg)",
      "table runs: foreign key feed_id: -> feeds(id) on delete cascade on update no action in SQLite, missing in PostgreSQL",
      "table jobs: in lib/db/schema.ts but not in lib/db/pg-schema.ts (add it there and generate drizzle/pg)",
    ]);
  });
});
