import { randomBytes } from "node:crypto";
import { is } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { getTableConfig as pgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorResponse } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { migratePostgres } from "./pg-migrate";
import * as pgSchema from "./pg-schema";
import * as sqliteSchema from "./schema";
import { UNIQUE_INDEXES, uniqueViolationOf } from "./unique-violation";

// A check-then-insert that loses a race (two requests both pass "is the name free?") ends in the
// store's unique violation. On both stores it must answer the pre-check's 409 naming the field,
// through errorResponse (what every route's wrapper answers a thrown error with), never a 500.

type TableName = "users" | "apiTokens" | "connections" | "feeds" | "tableDescriptions" | "runs" | "runLogs" | "provisionedCredentials" | "settings";
type Insert = [TableName, Record<string, unknown>];

const now = new Date(1_767_225_600_000);
// Rows the duplicates need (foreign keys); explicit ids so both stores see the same rows.
const setup: Insert[] = [
  ["users", { id: 1, email: "ada@example.test", passwordHash: "x", role: "viewer" }],
  ["apiTokens", { id: 1, userId: 1, name: "t", role: "viewer", prefix: "sy_ab", tokenHash: "hash-1" }],
  ["connections", { id: "c1", kind: "rest", name: "Orders", config: {} }],
  ["feeds", { id: 1, name: "Daily", connectionId: "c1" }],
  ["tableDescriptions", { id: "t1", connectionId: "c1", schemaName: "public", tableName: "orders" }],
  ["runs", { id: 1, kind: "test", trigger: "manual" }],
  ["runLogs", { id: 1, runId: 1, seq: 1, at: now, stream: "stdout", line: "x" }],
  ["provisionedCredentials", { id: 1, backend: "mysql", type: "sandbox", ownerId: 1, ownerLabel: "ada", hostname: "h", db: "d", user: "u", password: "p", touchedAt: now }],
  ["settings", { key: "warehouse", value: {} }],
];

// One duplicate per unique index (and some primary keys), and the field its 409 must name.
const cases: { index: string; insert: Insert; field: string }[] = [
  { index: "users_email_lower_unique", insert: ["users", { id: 2, email: "ADA@example.test", passwordHash: "x", role: "viewer" }], field: "email" },
  { index: "api_tokens_hash_unique", insert: ["apiTokens", { id: 2, userId: 1, name: "t2", role: "viewer", prefix: "sy_cd", tokenHash: "hash-1" }], field: "token" },
  { index: "connections_name_lower_unique", insert: ["connections", { id: "c2", kind: "druid", name: "ORDERS", config: {} }], field: "name" },
  { index: "connections_pkey", insert: ["connections", { id: "c1", kind: "rest", name: "Other", config: {} }], field: "id" },
  { index: "feeds_name_lower_unique", insert: ["feeds", { id: 2, name: "daily", connectionId: "c1" }], field: "name" },
  { index: "table_descriptions_table_unique", insert: ["tableDescriptions", { id: "t2", connectionId: "c1", schemaName: "public", tableName: "orders" }], field: "tableName" },
  { index: "run_logs_run_seq_unique", insert: ["runLogs", { id: 2, runId: 1, seq: 1, at: now, stream: "stderr", line: "y" }], field: "seq" },
  {
    index: "provisioned_credentials_owner_unique",
    insert: ["provisionedCredentials", { id: 2, backend: "mysql", type: "sandbox", ownerId: 1, ownerLabel: "ada", hostname: "h2", db: "d2", user: "u2", password: "p", touchedAt: now }],
    field: "type",
  },
  { index: "settings_pkey", insert: ["settings", { key: "warehouse", value: { other: true } }], field: "key" },
];

async function answerTo(error: unknown) {
  const res = errorResponse(error, "req-1");
  return { status: res.status, body: (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } } };
}

const sqliteAnswers = new Map<string, unknown>();

describe("unique violations on SQLite (better-sqlite3)", () => {
  const temp = useTempDataDir();
  afterAll(temp.cleanup);

  beforeAll(() => {
    const db = getDb();
    for (const [table, values] of setup) db.insert(sqliteSchema[table]).values(values as never).run();
  });

  it("lists every unique index of both schemas, with the columns SQLite names in its message", () => {
    const sqliteIndexes = (Object.values(sqliteSchema) as unknown[])
      .filter((v): v is SQLiteTable => is(v, SQLiteTable))
      .flatMap((t) => sqliteTableConfig(t).indexes.filter((i) => i.config.unique).map((i) => ({ table: sqliteTableConfig(t).name, index: i })));
    const pgIndexes = (Object.values(pgSchema) as unknown[])
      .filter((v): v is PgTable => is(v, PgTable))
      .flatMap((t) => pgTableConfig(t).indexes.filter((i) => i.config.unique).map((i) => i.config.name));
    expect(sqliteIndexes.map((i) => i.index.config.name).sort()).toEqual(Object.keys(UNIQUE_INDEXES).sort());
    expect(pgIndexes.sort()).toEqual(Object.keys(UNIQUE_INDEXES).sort());
    for (const { table, index } of sqliteIndexes) {
      const entry = UNIQUE_INDEXES[index.config.name];
      expect(entry.table, index.config.name).toBe(table);
      const plain = index.config.columns.every((c) => "name" in c && typeof (c as { name?: unknown }).name === "string");
      expect(entry.columns, index.config.name).toEqual(plain ? index.config.columns.map((c) => (c as { name: string }).name) : null);
    }
  });

  for (const c of cases) {
    it(`a duplicate on ${c.index} answers 409 naming ${c.field}`, async () => {
      const [table, values] = c.insert;
      let error: unknown;
      try {
        getDb().insert(sqliteSchema[table]).values(values as never).run();
      } catch (e) {
        error = e;
      }
      expect(error, "the duplicate insert must fail").toBeDefined();
      expect(uniqueViolationOf(error)?.fields).toEqual([c.field]);
      const answer = await answerTo(error);
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe("conflict");
      expect(answer.body.error.fields).toEqual({ [c.field]: `This ${c.field} is already taken` });
      expect(answer.body.error.message).not.toMatch(/SQLITE|constraint|UNIQUE/);
      sqliteAnswers.set(c.index, answer);
    });
  }
});

// Fails, never skips, when PostgreSQL is unreachable (like lib/db/pg-migrate.test.ts).
const HOST = process.env.SWITCHYARD_TEST_PG_HOST ?? "127.0.0.1:5432";
const database = `switchyard_uv_${randomBytes(6).toString("hex")}`;

describe("unique violations on PostgreSQL (node-postgres, drizzle/pg migrations)", () => {
  let admin: pg.Client | undefined;
  let client: pg.Client | undefined;
  let db: NodePgDatabase<typeof pgSchema>;

  beforeAll(async () => {
    const errors: string[] = [];
    for (const user of ["postgres", "root"]) {
      const c = new pg.Client({ connectionString: `postgres://${user}@${HOST}/postgres`, connectionTimeoutMillis: 5_000 });
      try {
        await c.connect();
        admin = c;
        break;
      } catch (error) {
        errors.push(`${user}: ${(error as Error).message}`);
        await c.end().catch(() => {});
      }
    }
    if (!admin) throw new Error(`PostgreSQL at ${HOST} is unreachable (tried users postgres and root; ${errors.join("; ")})`);
    await admin.query(`CREATE DATABASE "${database}"`);
    const url = `postgres://${admin.user}@${HOST}/${database}`;
    await migratePostgres(url);
    client = new pg.Client({ connectionString: url });
    await client.connect();
    db = drizzle(client, { schema: pgSchema });
    for (const [table, values] of setup) await db.insert(pgSchema[table]).values(values as never);
  });

  afterAll(async () => {
    await client?.end();
    if (!admin) return;
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  for (const c of cases) {
    it(`a 23505 on ${c.index} answers the same 409 naming ${c.field}`, async () => {
      const [table, values] = c.insert;
      const error = await db
        .insert(pgSchema[table])
        .values(values as never)
        .then(() => undefined, (e: unknown) => e);
      expect(error, "the duplicate insert must fail").toBeDefined();
      // The driver's error, under drizzle's wrapper: SQLSTATE 23505 and the constraint's name.
      const cause = (error as { cause?: { code?: string; constraint?: string } }).cause ?? (error as { code?: string; constraint?: string });
      expect(cause.code).toBe("23505");
      expect(cause.constraint).toBe(c.index);
      expect(uniqueViolationOf(error)).toMatchObject({ index: c.index, fields: [c.field] });
      const answer = await answerTo(error);
      expect(answer.status).toBe(409);
      expect(answer.body.error.fields).toEqual({ [c.field]: `This ${c.field} is already taken` });
      // The same answer as SQLite's (when the SQLite block ran first in this file).
      if (sqliteAnswers.has(c.index)) expect(answer).toEqual(sqliteAnswers.get(c.index));
    });
  }

  it("a 23503 (a feed pointing at no connection) answers 409, not a 500", async () => {
    const error = await db
      .insert(pgSchema.feeds)
      .values({ id: 3, name: "orphan", connectionId: "no-such-connection" })
      .then(() => undefined, (e: unknown) => e);
    expect((await answerTo(error)).status).toBe(409);
  });
});
