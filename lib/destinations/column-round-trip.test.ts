import crypto from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import type { Destination, LoadTarget } from "./destination";
import { postgresDestination } from "./postgres";
import { sqliteWarehouse, warehousePath } from "./sqlite-warehouse";

// Records as a script writes them, through the real SQLite file and the real local PostgreSQL.
const temp = useTempDataDir();
afterAll(temp.cleanup);

const RECORDS = [
  { id: 1, price: 2.5, active: true, tags: ["a", "b"], address: { city: "Lisbon", zip: null }, name: "tab\there, line\nbreak, back\\slash, ünïcode", at: "2024-05-01T10:20:30.123456Z" },
  { id: 2, price: 3, active: false, tags: [], address: { city: "Porto" }, name: "", at: "2024-05-02T00:00:00+02:00", note: null },
  { id: 9007199254740991, price: -0.001, active: null, name: "\\N" },
];


// One batch whose values stop fitting part-way: ints, then doubles, then strings, and a new key.
const MIXED = Array.from({ length: 100 }, (_, i) => (i === 90 ? { n: i, late: true } : { n: i < 50 ? i : i < 80 ? i + 0.5 : `s${i}` }));
const mixedAsText = MIXED.map((r) => ({ n: String(r.n), late: "late" in r ? r.late : null }));

let runId = 100;
async function load(d: Destination, table: string, records: Record<string, unknown>[], extra: Partial<LoadTarget> = {}) {
  const lines: string[] = [];
  const loader = await d.open({ feedId: 1, table, runId: ++runId, loadType: "incremental", log: (l) => lines.push(l), ...extra });
  // Two batches: the second may bring keys and types the first did not.
  await loader.write(records.slice(0, 1));
  await loader.write(records.slice(1));
  await loader.commit({ cursor: runId });
  return lines;
}

describe("SQLite warehouse column types", () => {
  const sqlite = (sql: string, ...params: unknown[]) => {
    const db = new Database(warehousePath(), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as Record<string, unknown>[];
    } finally {
      db.close();
    }
  };

  it("keeps integers, doubles, booleans, JSON and text as such", async () => {
    expect(await load(sqliteWarehouse, "types", RECORDS)).toEqual([]);
    expect(await sqliteWarehouse.columns("types")).toEqual([
      { name: "_run_id", type: "INTEGER" },
      { name: "_loaded_at", type: "TEXT" },
      { name: "id", type: "INTEGER" },
      { name: "price", type: "REAL" },
      { name: "active", type: "BOOLEAN" },
      { name: "tags", type: "JSON" },
      { name: "address", type: "JSON" },
      { name: "name", type: "TEXT" },
      { name: "at", type: "TEXT" }, // SQLite has no date-time type that keeps the instant
    ]);
    const rows = sqlite(`SELECT typeof(id) AS t_id, typeof(price) AS t_price, typeof(active) AS t_active, * FROM types ORDER BY rowid`);
    expect(rows.map((r) => [r.t_id, r.t_price, r.t_active])).toEqual([
      ["integer", "real", "integer"],
      ["integer", "real", "integer"],
      ["integer", "real", "null"],
    ]);
    expect(rows.map((r) => ({ id: r.id, price: r.price, active: r.active, tags: r.tags && JSON.parse(r.tags as string), address: r.address && JSON.parse(r.address as string), name: r.name, at: r.at }))).toEqual([
      { ...RECORDS[0], active: 1 },
      { ...RECORDS[1], active: 0, note: undefined },
      { ...RECORDS[2], active: null, tags: null, address: null, at: null },
    ].map(({ note: _, ...r }) => r));
  });

  it("widens integer -> double -> text, converting the rows already there, and says so in the run log", async () => {
    expect(await load(sqliteWarehouse, "widen", [{ n: 1, b: true }, { n: 2 }])).toEqual([]);
    expect(await load(sqliteWarehouse, "widen", [{ n: 3 }, { n: 4.5 }])).toEqual(["Column widen.n widened from INTEGER to REAL: a record's value does not fit INTEGER"]);
    expect(sqlite(`SELECT n, typeof(n) AS t FROM widen ORDER BY rowid`)).toEqual([
      { n: 1, t: "real" },
      { n: 2, t: "real" },
      { n: 3, t: "real" },
      { n: 4.5, t: "real" },
    ]);
    const lines = await load(sqliteWarehouse, "widen", [{ n: "five", b: "maybe" }, { n: 6 }]);
    expect(lines).toEqual([
      "Column widen.n widened from REAL to TEXT: a record's value does not fit REAL",
      "Column widen.b widened from BOOLEAN to TEXT: a record's value does not fit BOOLEAN",
    ]);
    expect(sqlite(`SELECT n, b FROM widen ORDER BY rowid`).map((r) => [r.n, r.b])).toEqual([
      ["1.0", "true"],
      ["2.0", null],
      ["3.0", null],
      ["4.5", null],
      ["five", "maybe"],
      ["6", null],
    ]);
    expect((await sqliteWarehouse.columns("widen"))!.map((c) => c.name)).toEqual(["_run_id", "_loaded_at", "n", "b"]);
  });

  it("widens in the middle of a batch without losing or repeating a row", async () => {
    await load(sqliteWarehouse, "mixed", [{ n: -1 }]);
    const lines: string[] = [];
    const loader = await sqliteWarehouse.open({ feedId: 1, table: "mixed", runId: ++runId, loadType: "incremental", log: (l) => lines.push(l) });
    await loader.write(MIXED);
    await loader.commit(null);
    // The rest of the batch decides: its strings make the column text at once.
    expect(lines).toEqual(["Column mixed.n widened from INTEGER to TEXT: a record's value does not fit INTEGER"]);
    expect((await sqliteWarehouse.columns("mixed"))!.slice(2)).toEqual([
      { name: "n", type: "TEXT" },
      { name: "late", type: "BOOLEAN" },
    ]);
    expect(sqlite(`SELECT n, late FROM mixed ORDER BY rowid`)).toEqual([{ n: "-1", late: null }, ...mixedAsText.map((r) => ({ ...r, late: r.late === null ? null : 1 }))]);
  });

  it("a run that widened a column and rolled back leaves the old type and rows", async () => {
    await load(sqliteWarehouse, "undo", [{ n: 1 }]);
    const loader = await sqliteWarehouse.open({ feedId: 1, table: "undo", runId: ++runId, loadType: "incremental", log: () => {} });
    await loader.write([{ n: "one" }]);
    await loader.rollback();
    expect((await sqliteWarehouse.columns("undo"))!.at(-1)).toEqual({ name: "n", type: "INTEGER" });
    expect(sqlite(`SELECT n, typeof(n) AS t FROM undo`)).toEqual([{ n: 1, t: "integer" }]);
  });

  it("gives a key seen only with nulls a column once it has a value, typed by that value", async () => {
    await load(sqliteWarehouse, "nulls", [{ id: 1, later: null }, { id: 2 }]);
    expect((await sqliteWarehouse.columns("nulls"))!.map((c) => c.name)).toEqual(["_run_id", "_loaded_at", "id"]);
    await load(sqliteWarehouse, "nulls", [{ id: 3, later: 7 }]);
    expect((await sqliteWarehouse.columns("nulls"))!.at(-1)).toEqual({ name: "later", type: "INTEGER" });
    expect(sqlite(`SELECT id, later FROM nulls ORDER BY rowid`)).toEqual([
      { id: 1, later: null },
      { id: 2, later: null },
      { id: 3, later: 7 },
    ]);
  });

  it("leaves an older install's untyped columns and their values as they are", async () => {
    const db = new Database(warehousePath());
    db.exec(`CREATE TABLE legacy ("_run_id" INTEGER, "_loaded_at" TEXT, "id", "obj")`);
    db.prepare(`INSERT INTO legacy VALUES (1, 'x', ?, '{"a":1}')`).run(1);
    db.close();
    expect(await load(sqliteWarehouse, "legacy", [{ id: 2, obj: { b: 2 } }, { id: "three", obj: "plain", fresh: 4 }])).toEqual([]);
    expect(await sqliteWarehouse.columns("legacy")).toEqual([
      { name: "_run_id", type: "INTEGER" },
      { name: "_loaded_at", type: "TEXT" },
      { name: "id", type: "(untyped)" },
      { name: "obj", type: "(untyped)" },
      { name: "fresh", type: "INTEGER" },
    ]);
    expect(sqlite(`SELECT typeof(id) AS t, id, obj FROM legacy ORDER BY rowid`)).toEqual([
      { t: "real", id: 1, obj: '{"a":1}' },
      { t: "real", id: 2, obj: '{"b":2}' },
      { t: "text", id: "three", obj: "plain" },
    ]);
  });
});

describe("PostgreSQL warehouse column types (COPY)", () => {
  const schema = `sy_types_${crypto.randomBytes(4).toString("hex")}`;
  const warehouse = { type: "postgres" as const, host: "127.0.0.1", port: 5432, database: "test", user: "postgres", password: "", schema, ssl: false };
  const d = postgresDestination(warehouse);
  const admin = new pg.Client({ host: "127.0.0.1", port: 5432, database: "test", user: "postgres" });
  const query = async (sql: string, params: unknown[] = []) => (await admin.query(sql, params)).rows as Record<string, unknown>[];

  beforeAll(async () => {
    // No skipping: this test needs the local PostgreSQL and fails when it is not there.
    await admin.connect().catch((e: Error) => {
      throw new Error(`This test needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres): ${e.message}`);
    });
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await admin.end();
  });
  const rowsOf = async (table: string) =>
    (await query(`SELECT to_jsonb(sy_row) - '_loaded_at' - '_run_id' AS r FROM "${schema}"."${table}" sy_row ORDER BY _run_id, ctid`)).map((x) => x.r as Record<string, unknown>);

  it("keeps bigint, double precision, boolean, jsonb, timestamptz and text, and commits the state with the rows", async () => {
    expect(await load(d, "types", RECORDS)).toEqual([]);
    expect(await d.columns("types")).toEqual([
      { name: "_run_id", type: "bigint" },
      { name: "_loaded_at", type: "timestamp with time zone" },
      { name: "id", type: "bigint" },
      { name: "price", type: "double precision" },
      { name: "active", type: "boolean" },
      { name: "tags", type: "jsonb" },
      { name: "address", type: "jsonb" },
      { name: "name", type: "text" },
      { name: "at", type: "timestamp with time zone" },
    ]);
    const rows = await rowsOf("types");
    expect(rows.map(({ at, ...r }) => r)).toEqual([
      { id: 1, price: 2.5, active: true, tags: ["a", "b"], address: { city: "Lisbon", zip: null }, name: RECORDS[0].name },
      { id: 2, price: 3, active: false, tags: [], address: { city: "Porto" }, name: "" },
      { id: 9007199254740991, price: -0.001, active: null, tags: null, address: null, name: "\\N" },
    ]);
    // The same instants, to the microsecond.
    const at = await query(`SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at FROM "${schema}".types ORDER BY _run_id, ctid`);
    expect(at.map((r) => r.at)).toEqual(["2024-05-01T10:20:30.123456", "2024-05-01T22:00:00.000000", null]);
    expect(await d.readState(1, "types")).toEqual({ cursor: runId });
  });

  it("widens bigint -> double precision -> text and jsonb/timestamptz -> text, converting the rows already there, with log lines", async () => {
    expect(await load(d, "widen", [{ n: 1, j: { a: 1 }, t: "2024-01-01T00:00:00Z" }])).toEqual([]);
    expect(await load(d, "widen", [{ n: 1 }, { n: 2.5 }])).toEqual(["Column widen.n widened from bigint to double precision: a record's value does not fit bigint"]);
    expect(await load(d, "widen", [{ n: "x", j: "plain", t: "soon" }, { n: 3 }])).toEqual([
      "Column widen.n widened from double precision to text: a record's value does not fit double precision",
      "Column widen.j widened from jsonb to text: a record's value does not fit jsonb",
      "Column widen.t widened from timestamptz to text: a record's value does not fit timestamptz",
    ]);
    expect((await d.columns("widen"))!.slice(2)).toEqual([
      { name: "n", type: "text" },
      { name: "j", type: "text" },
      { name: "t", type: "text" },
    ]);
    expect(await rowsOf("widen")).toEqual([
      { n: "1", j: '{"a": 1}', t: "2024-01-01T00:00:00+00:00" },
      { n: "1", j: null, t: null },
      { n: "2.5", j: null, t: null },
      { n: "x", j: "plain", t: "soon" },
      { n: "3", j: null, t: null },
    ]);
  });

  it("keeps using an older install's double precision and text columns without rewriting them", async () => {
    await query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await query(`CREATE TABLE "${schema}".legacy (_run_id bigint, _loaded_at timestamptz, id double precision, obj text, flag boolean)`);
    await query(`INSERT INTO "${schema}".legacy VALUES (1, now(), 1, '{"a":1}', true)`);
    expect(await load(d, "legacy", [{ id: 2, obj: { b: 2 }, flag: false }, { id: 3.5, obj: "plain" }])).toEqual([]);
    expect((await d.columns("legacy"))!.slice(2)).toEqual([
      { name: "id", type: "double precision" },
      { name: "obj", type: "text" },
      { name: "flag", type: "boolean" },
    ]);
    expect(await rowsOf("legacy")).toEqual([
      { id: 1, obj: '{"a":1}', flag: true },
      { id: 2, obj: '{"b":2}', flag: false },
      { id: 3.5, obj: "plain", flag: null },
    ]);
  });

  it("a rollback in the middle of a COPY leaves neither rows nor state", async () => {
    await load(d, "rollback", [{ id: 1 }]);
    const loader = await d.open({ feedId: 2, table: "rollback", runId: ++runId, loadType: "incremental" });
    await loader.write(Array.from({ length: 5000 }, (_, i) => ({ id: i, extra: `e${i}` })));
    await loader.rollback();
    expect(await rowsOf("rollback")).toEqual([{ id: 1 }]);
    expect(await d.readState(2, "rollback")).toBeNull();
  });

  it("widens in the middle of a batch, and adds a key that arrives later, without losing or repeating a row", async () => {
    await load(d, "mixed", [{ n: -1 }]);
    const lines: string[] = [];
    const loader = await d.open({ feedId: 5, table: "mixed", runId: ++runId, loadType: "incremental", log: (l) => lines.push(l) });
    await loader.write(MIXED.slice(0, 10));
    await loader.write(MIXED.slice(10));
    await loader.write([{ other: "x" }, { n: 1, other: "y" }]);
    await loader.commit(null);
    expect(lines).toEqual(["Column mixed.n widened from bigint to text: a record's value does not fit bigint"]);
    expect((await d.columns("mixed"))!.slice(2)).toEqual([
      { name: "n", type: "text" },
      { name: "late", type: "boolean" },
      { name: "other", type: "text" },
    ]);
    const rows = await rowsOf("mixed");
    expect(rows).toEqual([
      { n: "-1", late: null, other: null },
      ...mixedAsText.map((r) => ({ ...r, other: null })),
      { n: null, late: null, other: "x" },
      { n: "1", late: null, other: "y" },
    ]);
  });

  it("a run that widened a column and rolled back leaves the old type", async () => {
    await load(d, "undo", [{ n: 1 }]);
    const loader = await d.open({ feedId: 4, table: "undo", runId: ++runId, loadType: "incremental", log: () => {} });
    await loader.write([{ n: "one" }]);
    await loader.rollback();
    expect((await d.columns("undo"))!.at(-1)).toEqual({ name: "n", type: "bigint" });
    expect(await rowsOf("undo")).toEqual([{ n: 1 }]);
  });

  it("truncate_insert replaces the rows in the transaction that loads them", async () => {
    await load(d, "replace", [{ id: 1 }, { id: 2 }]);
    const loader = await d.open({ feedId: 3, table: "replace", runId: ++runId, loadType: "truncate_insert" });
    await loader.write([{ id: 3 }]);
    await loader.commit(null);
    expect(await rowsOf("replace")).toEqual([{ id: 3 }]);
  });
});
