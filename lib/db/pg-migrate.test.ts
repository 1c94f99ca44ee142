import fs from "node:fs";
import path from "node:path";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { is } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchPostgres, type ScratchPostgres } from "@/lib/testing/scratch-postgres";
import { migratePostgres } from "./pg-migrate";
import * as pgSchema from "./pg-schema";

// Applies drizzle/pg/ to a fresh database on the local PostgreSQL (127.0.0.1:5432, trust auth) and
// checks that every table of lib/db/pg-schema.ts exists with its columns. Fails, never skips, when
// PostgreSQL is unreachable: the PostgreSQL store's migrations are tested on every run.
let scratch: ScratchPostgres;
let url: string;

beforeAll(async () => {
  scratch = await scratchPostgres("switchyard_pg2", { migrated: false });
  url = scratch.url;
});

afterAll(async () => {
  await scratch?.drop();
});

const journal = JSON.parse(fs.readFileSync(path.resolve("drizzle/pg/meta/_journal.json"), "utf8")) as { entries: unknown[] };

const expected = (Object.values(pgSchema) as unknown[])
  .filter((v): v is PgTable => is(v, PgTable))
  .map((t) => getTableConfig(t));

describe("migratePostgres", () => {
  it("creates every table of the PostgreSQL schema, with its columns, and is idempotent", async () => {
    await migratePostgres(url);
    // A second run applies nothing (drizzle records applied migrations in drizzle.__drizzle_migrations).
    await migratePostgres(url);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
      );
      const actual = new Map<string, Set<string>>();
      for (const r of rows) actual.set(r.table_name, (actual.get(r.table_name) ?? new Set()).add(r.column_name));

      expect(expected.length).toBeGreaterThan(0);
      expect([...actual.keys()].sort()).toEqual(expected.map((t) => t.name).sort());
      for (const table of expected) {
        expect([...actual.get(table.name)!].sort(), `columns of ${table.name}`).toEqual(table.columns.map((c) => c.name).sort());
      }

      const applied = await client.query("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
      expect(applied.rows[0].n).toBe(journal.entries.length);

      // The case-insensitive unique name holds on PostgreSQL as on SQLite.
      await client.query(`INSERT INTO connections (id, kind, name, config) VALUES ('a', 'rest', 'Orders', '{}')`);
      await expect(client.query(`INSERT INTO connections (id, kind, name, config) VALUES ('b', 'rest', 'ORDERS', '{}')`)).rejects.toThrow(
        /connections_name_lower_unique/,
      );

      // The JS types the SQLite store returns: Date for timestamps (milliseconds kept), boolean, number, JSON.
      const db = drizzle(client, { schema: pgSchema });
      const at = new Date(1_767_225_600_123);
      const [user] = await db
        .insert(pgSchema.users)
        .values({ email: "a@example.test", passwordHash: "x", role: "admin", passwordChangedAt: at })
        .returning();
      expect(user.createdAt).toBeInstanceOf(Date);
      expect(user.passwordChangedAt?.getTime()).toBe(at.getTime());
      expect(user.disabled).toBe(false);
      expect(user.sessionGeneration).toBe(0);
      const [feed] = await db.insert(pgSchema.feeds).values({ name: "f", connectionId: "a" }).returning();
      expect(feed.trigger).toEqual({ type: "none" });
      expect(feed.dependencies).toEqual([]);
      const [run] = await db.insert(pgSchema.runs).values({ feedId: feed.id, kind: "load", trigger: "manual", bytes: 2 ** 40 }).returning();
      expect(run.bytes).toBe(2 ** 40);
    } finally {
      await client.end();
    }
  });

  it("lets instances that start together take turns: each applies nothing the first one did", async () => {
    const fresh = await scratchPostgres("switchyard_pg3", { migrated: false });
    try {
      await Promise.all([migratePostgres(fresh.url), migratePostgres(fresh.url), migratePostgres(fresh.url)]);
      const client = new pg.Client({ connectionString: fresh.url });
      await client.connect();
      try {
        const applied = await client.query("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
        expect(applied.rows[0].n).toBe(journal.entries.length);
      } finally {
        await client.end();
      }
    } finally {
      await fresh.drop();
    }
  });
});
