import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { drizzle as pgDrizzle } from "drizzle-orm/node-postgres";
import { customType, integer as pgInteger, jsonb, pgTable, boolean as pgBoolean, PgTable, text as pgText, timestamp } from "drizzle-orm/pg-core";
import { blob, getTableConfig as sqliteConfig, integer, sqliteTable, SQLiteTable, text } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { cliActor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { upsertDruidConnection } from "@/lib/connections/druid-service";
import { druidConnectionSchema } from "@/lib/connections/druid-schemas";
import { restConnectionInputSchema } from "@/lib/connections/rest-schemas";
import { createRestConnection } from "@/lib/connections/rest-service";
import { writeDatabaseConnection } from "@/lib/databases/service";
import { setWarehouse } from "@/lib/destinations/warehouse";
import { createFeed, deleteFeed } from "@/lib/feeds/service";
import { RunLogWriter } from "@/lib/runs/log-writer";
import { createRun, enqueueLoadRun, updateRun, type RunSnapshot } from "@/lib/runs/service";
import { decryptJson, encrypt } from "@/lib/secrets/cipher";
import { ensureKeyFile } from "@/lib/secrets/keyring";
import { setSetting } from "@/lib/settings/service";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { createToken, revokeToken } from "@/lib/tokens/service";
import { revokeSession } from "@/lib/users/sessions";
import { createUser, updateUser } from "@/lib/users/service";
import { getDb } from "./client";
import { copySqliteToPostgres, CopyError, formatCopyReport, type CopyReport } from "./copy";
import * as pgSchema from "./pg-schema";
import * as sqliteSchema from "./schema";
import { adminClient, PG_TEST_HOST } from "@/lib/testing/scratch-postgres";

// db copy against the real local PostgreSQL (127.0.0.1:5432, trust auth): each test copies into a
// database of its own, dropped at the end. It fails, never skips, when PostgreSQL is unreachable.
// The source is a SQLite store seeded through the services, as a running installation fills it.
const HOST = PG_TEST_HOST;
const temp = useTempDataDir();
const sourceFile = () => path.join(temp.dir, "console.db");

const SECRETS = { basic: "basic-pw-Zq81", bearer: "bearer-token-Wk27", druid: "druid-passphrase-Hy63", db: "db-pw-Lm45", warehouse: "wh-pw-Tc09", sandbox: "sandbox-pw-Rb12" };

let admin: pg.Client;
let user: string;
const databases: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `copy_test_${randomBytes(6).toString("hex")}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  databases.push(name);
  return `postgres://${user}@${HOST}/${name}`;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const tablePairs = (Object.entries(sqliteSchema) as [string, unknown][])
  .filter((e): e is [string, SQLiteTable] => is(e[1], SQLiteTable))
  .map(([key, table]) => ({ key, name: sqliteConfig(table).name, sqlite: table, pg: (pgSchema as Record<string, unknown>)[key] as PgTable }));

const primaryKeyOf = (table: SQLiteTable) => Object.entries(table).find(([, c]) => (c as { primary?: boolean })?.primary)![0];
const sortByKey = (rows: Record<string, unknown>[], key: string) => [...rows].sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0));
// What PostgreSQL holds of a SQLite value: U+0000 cannot be stored there and becomes U+FFFD.
const withoutNul = (v: unknown): unknown =>
  typeof v === "string" ? v.replaceAll("\0", "\uFFFD") : Array.isArray(v) ? v.map(withoutNul) : v && typeof v === "object" && !(v instanceof Date) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [withoutNul(k), withoutNul(x)])) : v;

/** Every table: the rows the app reads from PostgreSQL equal the rows it reads from SQLite. */
async function expectTargetEqualsSource(url: string) {
  const source = getDb();
  await withClient(url, async (client) => {
    const target = pgDrizzle(client);
    for (const pair of tablePairs) {
      const key = primaryKeyOf(pair.sqlite);
      const expected = sortByKey(source.select().from(pair.sqlite).all() as Record<string, unknown>[], key).map(withoutNul);
      const actual = sortByKey((await target.select().from(pair.pg)) as Record<string, unknown>[], key);
      expect(actual, `rows of ${pair.name}`).toEqual(expected);
    }
  });
}

async function targetCounts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const out: Record<string, number> = {};
    for (const pair of tablePairs) out[pair.name] = Number((await client.query(`SELECT count(*) AS n FROM "${pair.name}"`)).rows[0].n);
    return out;
  });
}

/** Each row's xmin, the transaction that last wrote it: unchanged means not rewritten. */
async function rowVersions(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const parts: string[] = [];
    for (const pair of tablePairs) {
      const key = sqliteConfig(pair.sqlite).columns.find((c) => c.primary)!.name;
      const { rows } = await client.query(`SELECT "${key}"::text AS k, xmin::text AS x FROM "${pair.name}" ORDER BY 1`);
      parts.push(`${pair.name}:${rows.map((r) => `${r.k}@${r.x}`).join(",")}`);
    }
    return parts.join("\n");
  });
}

let alice: Actor;
let deletedFeedId: number;
let basicId: string;

beforeAll(async () => {
  const { client, user: name } = await adminClient();
  admin = client;
  user = name;

  ensureKeyFile(); // as the server does at its first start
  const system = cliActor();
  const a = await createUser(system, { email: "alice@example.test", name: "Alice Ünïcode", password: "correct horse battery 1", role: "admin" });
  const b = await createUser(system, { email: "bob@example.test", password: "correct horse battery 2", role: "editor" });
  await updateUser(system, b.id, { disabled: true });
  alice = { type: "user", userId: a.id, label: a.email, role: "admin", ip: "127.0.0.1", requestId: "seed" };
  await createToken(alice, { name: "ci" });
  await revokeToken(alice, (await createToken(alice, { name: "old" })).record.id);
  await revokeSession("session-one");

  basicId = (await createRestConnection(alice, restConnectionInputSchema.parse({ name: "orders_basic", authType: "basic", username: "loader", password: SECRETS.basic }))).id;
  await createRestConnection(alice, restConnectionInputSchema.parse({ name: "orders_bearer", authType: "bearer", token: SECRETS.bearer }));
  await upsertDruidConnection(alice, druidConnectionSchema.parse({ name: "pivot_druid", queryHosts: ["druid.internal:8082"], passphrase: SECRETS.druid }));
  await writeDatabaseConnection(alice, {
    spec: {
      name: "sales_db",
      dialect: "postgresql",
      target: { dialect: "postgresql", host: "db.internal", port: 5432, database: "sales", user: "loader", password: SECRETS.db },
      displayUri: "postgresql://loader@db.internal:5432/sales",
      ssh: null,
      source: "console",
    },
    tables: [
      { schema: "public", name: "orders" },
      { schema: "public", name: "customers" },
    ],
    existingId: null,
  });

  const feedInput = {
    connectionId: basicId,
    language: "python" as const,
    script: "from lib import outputStream\noutputStream.write({'a': 1})\n",
    dependencies: ["requests==2.32.3"],
    loadType: "incremental" as const,
    destinations: ["sqlite" as const],
    watchers: [{ url: "https://hooks.example.test/done", onSuccess: true, onFailure: true }],
    tags: ["orders", "nightly"],
    wizardStep: "trigger" as const,
  };
  const feed = await createFeed(alice, { ...feedInput, name: "orders_feed" });
  // A deleted row: SQLite never reuses its id, and neither must the PostgreSQL sequence.
  deletedFeedId = (await createFeed(alice, { ...feedInput, name: "short_lived" })).id;
  await deleteFeed(alice, deletedFeedId);

  await setSetting(alice, "workspace.name", "Copy test");
  await setWarehouse(alice, { type: "snowflake", account: "acme", user: "loader", password: SECRETS.warehouse, warehouse: "WH", database: "DB", schema: "PUBLIC", pauseAffected: true });

  const snapshot: RunSnapshot = { feedName: "orders_feed", table: "orders_feed", connectionId: basicId, language: "python", script: "pass", dependencies: [], loadType: "incremental", destinations: ["sqlite"] };
  const run = await createRun({ feedId: feed.id, kind: "test", trigger: "manual", snapshot, createdBy: alice.label });
  await updateRun(run.id, {
    status: "succeeded",
    startedAt: new Date(1_767_225_600_123),
    finishedAt: new Date(1_767_225_601_456),
    records: 2,
    bytes: 2 ** 40,
    preview: [{ z: 1, a: { nested: [true, null, "x"] }, "nul\0key": "nul\0value" }],
    columns: ["z", "a"],
    cancelRequested: true,
  });
  const logs = new RunLogWriter(run.id);
  logs.write("stdout", "hello");
  logs.write("stderr", "a NUL \0 in a line");
  await logs.flush();
  await enqueueLoadRun(feed.id, "manual", snapshot, alice.label);
  await recordAudit(alice, { action: "test.seed", targetType: "feed", targetId: String(feed.id), targetLabel: "orders_feed", summary: { note: "ünïcode ✓" } });
  getDb()
    .insert(sqliteSchema.provisionedCredentials)
    .values({ backend: "mysql", type: "sandbox", ownerId: a.id, ownerLabel: a.email, state: "ready", hostname: "mysql.internal", port: 3306, db: "sb_1", user: "sb_1", password: encrypt(SECRETS.sandbox), touchedAt: new Date() })
    .run();

  // Not vacuous: every table of the schema has rows to copy.
  for (const pair of tablePairs) expect(getDb().select().from(pair.sqlite).all().length, `seeded rows of ${pair.name}`).toBeGreaterThan(0);
});

afterAll(async () => {
  if (admin) {
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
  temp.cleanup();
});

/** The error a copy that must fail throws. */
const failure = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error("the copy was expected to fail");
  },
  (e: unknown) => e as Error,
);

const copy = (url: string, extra: Partial<Parameters<typeof copySqliteToPostgres>[0]> = {}) => copySqliteToPostgres({ sqliteFile: sourceFile(), url, ...extra });

function expectNoSecrets(text: string) {
  for (const [name, value] of Object.entries(SECRETS)) expect(text, `the ${name} secret`).not.toContain(value);
}

describe("db copy from SQLite to PostgreSQL", () => {
  it("copies every table with its types converted, keeps the secrets' ciphertext, and moves the sequences past the copied ids", async () => {
    const url = await freshDatabase();
    const report = await copy(url);
    const printed = formatCopyReport(report);
    console.log(printed);
    expectNoSecrets(printed);
    expect(report.changed).toBe(true);
    expect(report.migrationsApplied).toBeGreaterThan(0);
    expect(report.tables.map((t) => t.table).sort()).toEqual(tablePairs.map((p) => p.name).sort());
    for (const t of report.tables) expect(t, t.table).toMatchObject({ sourceRows: t.targetRows, copied: t.sourceRows });
    // Parents before children.
    const order = report.tables.map((t) => t.table);
    expect(order.indexOf("users")).toBeLessThan(order.indexOf("api_tokens"));
    expect(order.indexOf("connections")).toBeLessThan(order.indexOf("feeds"));
    expect(order.indexOf("feeds")).toBeLessThan(order.indexOf("runs"));
    expect(order.indexOf("runs")).toBeLessThan(order.indexOf("run_logs"));
    expect(report.nulReplaced).toEqual(["runs: 2 value(s)", "run_logs: 1 value(s)"]);
    expect(printed).toMatch(/^table +source rows +target rows +copied\n/);

    await expectTargetEqualsSource(url);
    await withClient(url, async (client) => {
      // Real PostgreSQL types, not text: timestamptz, jsonb, boolean.
      const run = (await client.query("SELECT started_at, preview, cancel_requested, bytes FROM runs WHERE kind = 'test'")).rows[0];
      expect(run.started_at).toEqual(new Date(1_767_225_600_123));
      expect(run.preview).toEqual([{ z: 1, a: { nested: [true, null, "x"] }, "nul\uFFFDkey": "nul\uFFFDvalue" }]);
      expect(run.cancel_requested).toBe(true);
      expect(run.bytes).toBe(String(2 ** 40));
      expect((await client.query("SELECT jsonb_typeof(config) AS t FROM connections LIMIT 1")).rows[0].t).toBe("object");
      expect((await client.query("SELECT count(*)::int AS n FROM runs WHERE preview IS NULL")).rows[0].n).toBe(1);

      // The ciphertext is the same, and the same key opens it.
      const stored = (await client.query("SELECT secrets FROM connections WHERE id = $1", [basicId])).rows[0].secrets as string;
      expect(stored).toBe(getDb().select().from(sqliteSchema.connections).all().find((c) => c.id === basicId)!.secrets);
      expect(JSON.stringify(decryptJson(stored))).toContain(SECRETS.basic);

      // New rows get ids past the copied ones, and past a deleted row's id (SQLite's AUTOINCREMENT).
      const maxUser = Math.max(...getDb().select().from(sqliteSchema.users).all().map((u) => u.id));
      const target = pgDrizzle(client);
      const [u] = await target.insert(pgSchema.users).values({ email: "carol@example.test", passwordHash: "x", role: "viewer" }).returning();
      expect(u.id).toBe(maxUser + 1);
      const [f] = await target.insert(pgSchema.feeds).values({ name: "after_copy" }).returning();
      expect(f.id).toBe(deletedFeedId + 1);
    });
    expect(report.sequences).toContain(`feeds.id next ${deletedFeedId + 1}`);
  });

  it("run again, changes nothing and says so; the SQLite files are only read", async () => {
    const url = await freshDatabase();
    const sourceBytes = () => ["", "-wal"].map((suffix) => createHash("sha256").update(fs.readFileSync(sourceFile() + suffix)).digest("hex")).join(" ");
    const sourceBefore = sourceBytes();
    await copy(url);
    const before = await rowVersions(url);
    const again = await copy(url);
    expect(again.changed).toBe(false);
    expect(again.migrationsApplied).toBe(0);
    expect(again.tables.every((t) => t.copied === 0 && t.sourceRows === t.targetRows)).toBe(true);
    expect(formatCopyReport(again)).toContain("nothing to copy: the target already holds every row of the source, unchanged; nothing was written");
    expect(await rowVersions(url)).toBe(before);
    expect(sourceBytes()).toBe(sourceBefore);
  });

  it("refuses a target holding other data under the same keys, naming them, and --overwrite makes it equal to the source", async () => {
    const url = await freshDatabase();
    await copy(url);
    const extraId = await withClient(url, async (client) => {
      await client.query("UPDATE connections SET name = 'renamed', config = config || '{\"x\": 1}' WHERE id = $1", [basicId]);
      return (await client.query("INSERT INTO audit_events (actor_type, actor_label, action) VALUES ('system', 'elsewhere', 'extra') RETURNING id")).rows[0].id as string;
    });
    const before = await rowVersions(url);
    const refused = await failure(copy(url));
    expect(refused).toBeInstanceOf(CopyError);
    const message = refused.message;
    expect(message).toContain(`connections: 1 row(s) differ: id ${basicId} (name, config)`);
    expect(message).toContain(`audit_events: 1 row(s) only in the target: ${extraId}`);
    expect(message).toContain("--overwrite");
    expectNoSecrets(message);
    expect(await rowVersions(url)).toBe(before);

    const replaced = await copy(url, { overwrite: true });
    expect(replaced.replaced).toBe(true);
    expect(formatCopyReport(replaced)).toContain("--overwrite");
    await expectTargetEqualsSource(url);
    // And the next new row still gets a fresh id.
    await withClient(url, async (client) => {
      const id = Number((await client.query("INSERT INTO audit_events (actor_type, actor_label, action) VALUES ('system', 'x', 'y') RETURNING id")).rows[0].id);
      expect(id).toBeGreaterThan(Number(extraId));
    });
  });

  it("leaves the target empty when it fails halfway (one transaction)", async () => {
    const url = await freshDatabase();
    // A copy of the store with one log line PostgreSQL refuses (seq is an integer column there).
    const broken = path.join(temp.dir, `broken-${randomBytes(4).toString("hex")}.db`);
    getDb().$client.prepare("VACUUM INTO ?").run(broken);
    const file = new Database(broken);
    file.prepare("UPDATE run_logs SET seq = 3000000000 WHERE id = (SELECT max(id) FROM run_logs)").run();
    file.close();

    const copiedFirst: string[] = [];
    const halfway = await failure(copySqliteToPostgres({ sqliteFile: broken, url, onTableCopied: (table) => copiedFirst.push(table) }));
    expect(halfway).toBeInstanceOf(CopyError);
    expect(halfway.message).toMatch(/^copying run_logs \(id \d+ to \d+\) failed, nothing was written: value "3000000000" is out of range for type integer/);
    expect(copiedFirst).toEqual(expect.arrayContaining(["users", "connections", "feeds", "runs"]));
    expect(Object.values(await targetCounts(url)).every((n) => n === 0)).toBe(true);
  });

  it("copies one consistent snapshot while the server goes on writing", async () => {
    const url = await freshDatabase();
    const counts = Object.fromEntries(tablePairs.map((p) => [p.name, getDb().select().from(p.sqlite).all().length]));
    let wrote = false;
    const report = await copy(url, {
      onTableCopied: () => {
        if (wrote) return;
        wrote = true;
        // The server, mid-copy: rows in tables copied before and after this point.
        getDb().insert(sqliteSchema.users).values({ email: "late@example.test", passwordHash: "x", role: "viewer" }).run();
        // Written straight through the server's connection: this callback runs synchronously, mid-copy.
        getDb().insert(sqliteSchema.auditEvents).values({ actorType: "user", actorLabel: alice.label, action: "test.late", targetType: "feed", targetId: "1", targetLabel: "late" }).run();
        getDb().insert(sqliteSchema.revokedSessions).values({ sessionId: "session-late", expiresAt: new Date(Date.now() + 3_600_000) }).run();
        getDb().insert(sqliteSchema.jobs).values({ type: "late", payload: {}, runAt: new Date() }).run();
      },
    });
    expect(wrote).toBe(true);
    expect(Object.fromEntries(report.tables.map((t) => [t.table, t.targetRows]))).toEqual(counts);
    expect(await targetCounts(url)).toEqual(counts);
    await withClient(url, async (client) => {
      expect((await client.query("SELECT count(*)::int AS n FROM users WHERE email = 'late@example.test'")).rows[0].n).toBe(0);
      expect((await client.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'test.late'")).rows[0].n).toBe(0);
    });
    // The next copy brings the late rows over, and only them.
    const next = await copy(url);
    expect(Object.fromEntries(next.tables.filter((t) => t.copied).map((t) => [t.table, t.copied]))).toEqual({ users: 1, audit_events: 1, revoked_sessions: 1, jobs: 1 });
    await expectTargetEqualsSource(url);
  });

  it("names what it cannot copy: a table or column the schemas do not declare, a missing store, a bad URL", async () => {
    const url = await freshDatabase();
    const drifted = path.join(temp.dir, `drifted-${randomBytes(4).toString("hex")}.db`);
    getDb().$client.prepare("VACUUM INTO ?").run(drifted);
    const file = new Database(drifted);
    file.exec("ALTER TABLE feeds ADD COLUMN colour text; CREATE TABLE side_notes (id integer primary key, note text)");
    file.close();
    const err = await failure(copySqliteToPostgres({ sqliteFile: drifted, url }));
    expect(err.message).toContain("column feeds.colour is in the SQLite store but not in lib/db/schema.ts: it would not be copied");
    expect(err.message).toContain("table side_notes is in the SQLite store but not in lib/db/schema.ts: it would not be copied");

    const onlyInSqlite = sqliteTable("notes", { id: integer("id").primaryKey() });
    await expect(copy(url, { schemas: { sqlite: { ...sqliteSchema, onlyInSqlite }, pg: pgSchema } })).rejects.toThrow("table notes is in lib/db/schema.ts but not in lib/db/pg-schema.ts");
    const kindMismatch = { a: sqliteTable("kinds", { id: integer("id").primaryKey(), at: integer("at", { mode: "timestamp_ms" }) }) };
    const kindTwin = { a: pgTable("kinds", { id: pgInteger("id").primaryKey(), at: pgText("at") }) };
    await expect(copy(url, { schemas: { sqlite: kindMismatch, pg: kindTwin } })).rejects.toThrow("column kinds.at is date in SQLite but string in PostgreSQL: no conversion");

    await expect(copy(url, { sqliteFile: path.join(temp.dir, "nope", "console.db") })).rejects.toThrow(/there is no SQLite store at .*nope/);
    const unreachable = await failure(copy("postgres://someone:hunter2-secret@127.0.0.1:1/db"));
    expect(unreachable.message).toMatch(/^cannot connect to PostgreSQL at postgres:\/\/someone:•+@127\.0\.0\.1:1\/db: .*ECONNREFUSED/);
    expect(unreachable.message).not.toContain("hunter2-secret");
    const noDatabase = await failure(copy(`postgres://${user}@${HOST}/copy_test_missing_${randomBytes(4).toString("hex")}`));
    expect(noDatabase.message).toMatch(/does not exist \(create the database first/);
  });

  it("copies a table it has never seen, every kind of column converted, from the drizzle definitions alone", async () => {
    const url = await freshDatabase();
    const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });
    const sqliteThings = sqliteTable("things", {
      id: integer("id").primaryKey({ autoIncrement: true }),
      label: text("label").notNull(),
      at: integer("at", { mode: "timestamp_ms" }),
      flag: integer("flag", { mode: "boolean" }).notNull(),
      data: text("data", { mode: "json" }),
      raw: blob("raw", { mode: "buffer" }),
    });
    const pgThings = pgTable("things", {
      id: pgInteger("id").primaryKey().generatedByDefaultAsIdentity(),
      label: pgText("label").notNull(),
      at: timestamp("at", { withTimezone: true, precision: 3, mode: "date" }),
      flag: pgBoolean("flag").notNull(),
      data: jsonb("data"),
      raw: bytea("raw"),
    });
    const file = path.join(temp.dir, `things-${randomBytes(4).toString("hex")}.db`);
    const db = new Database(file);
    db.exec("CREATE TABLE things (id integer PRIMARY KEY AUTOINCREMENT, label text NOT NULL, at integer, flag integer NOT NULL, data text, raw blob)");
    const insert = db.prepare("INSERT INTO things (label, at, flag, data, raw) VALUES (?, ?, ?, ?, ?)");
    insert.run("one", 1_767_225_600_123, 1, JSON.stringify({ b: [1, 2], a: "x" }), Buffer.from([0, 1, 254, 255]));
    insert.run("two", null, 0, null, null);
    insert.run("three", 0, 0, "[]", Buffer.alloc(0));
    db.exec("DELETE FROM things WHERE label = 'three'");
    db.close();

    const report: CopyReport = await copySqliteToPostgres({
      sqliteFile: file,
      url,
      schemas: { sqlite: { sqliteThings }, pg: { pgThings } },
      migrate: (target) => withClient(target, async (c) => void (await c.query('CREATE TABLE IF NOT EXISTS things (id integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, label text NOT NULL, at timestamptz(3), flag boolean NOT NULL, data jsonb, raw bytea)'))),
    });
    expect(report.tables).toEqual([{ table: "things", sourceRows: 2, targetRows: 2, copied: 2 }]);
    expect(report.sequences).toEqual(["things.id next 4"]);
    await withClient(url, async (client) => {
      const rows = await pgDrizzle(client).select().from(pgThings).orderBy(pgThings.id);
      expect(rows).toEqual([
        { id: 1, label: "one", at: new Date(1_767_225_600_123), flag: true, data: { a: "x", b: [1, 2] }, raw: Buffer.from([0, 1, 254, 255]) },
        { id: 2, label: "two", at: null, flag: false, data: null, raw: null },
      ]);
      expect((await client.query("SELECT pg_typeof(at)::text AS t FROM things LIMIT 1")).rows[0].t).toBe("timestamp with time zone");
    });
    expect((await copySqliteToPostgres({ sqliteFile: file, url, schemas: { sqlite: { sqliteThings }, pg: { pgThings } }, migrate: async () => {} })).changed).toBe(false);
  });
});
