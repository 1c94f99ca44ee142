import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

import type { Actor } from "@/lib/auth/actor";
import { rehearse } from "@/lib/bundle/rehearse";
import { getDb } from "@/lib/db/client";
import { auditEvents, connections } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/tx";
import { deleteDatabaseConnection, listDatabaseConnections, requireDatabaseConnection, writeDatabaseConnection } from "@/lib/databases/service";
import { listNativeDatabases, nativeDatabaseOf } from "@/lib/databases/native";
import { listTableDescriptions, updateTableDescription } from "@/lib/databases/table-descriptions";
import { ensureKeyFile } from "@/lib/secrets/keyring";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { restConnectionInputSchema } from "./rest-schemas";
import { createRestConnection, deleteConnection, getRestConnection, updateRestConnection } from "./rest-service";
import { deleteDruidConnection, findDruidByName, listDruidConnections, upsertDruidConnection } from "./druid-service";
import { druidConnectionSchema } from "./druid-schemas";
import { listConnections } from "./list";
import { listNativeDruid } from "./druid-list";
import { findConnection, findConnectionByName } from "./store";

// The connections domain on the async store (lib/db/tx.ts): reads through db() (the read-only
// connection, or the open transaction), every write and its audit event in one transaction.

const temp = useTempDataDir();
afterAll(temp.cleanup);
beforeAll(() => ensureKeyFile());

const actor: Actor = { type: "user", userId: 1, label: "alice@example.test", role: "admin", ip: "127.0.0.1", requestId: "t" };
const rest = (name: string, token = "tok-1") => restConnectionInputSchema.parse({ name, authType: "bearer", token });
const audits = (action: string) => getDb().select().from(auditEvents).all().filter((e) => e.action === action).length;

describe("connection lookups", () => {
  it("find by id and name on the read-only connection and, inside a transaction, see its own uncommitted row", async () => {
    const created = await createRestConnection(actor, rest("Orders_API"));
    expect((await findConnection(created.id))?.name).toBe("Orders_API");
    expect((await findConnectionByName(" orders_api "))?.id).toBe(created.id);
    expect(await findConnection("0".repeat(24))).toBeUndefined();
    expect(await findConnection("not-an-id")).toBeUndefined();

    // The prepared statements of the transaction's handle, not the reader's: its own row is visible.
    const seen = await rehearse(async () => {
      const inner = await createRestConnection(actor, rest("rehearsed_api"));
      return { byId: (await findConnection(inner.id))?.name, byName: (await findConnectionByName("REHEARSED_API"))?.id === inner.id };
    });
    expect(seen).toEqual({ byId: "rehearsed_api", byName: true });
    expect(await findConnectionByName("rehearsed_api")).toBeUndefined();
  });
});

describe("REST connections", () => {
  it("create, update and delete, each with its audit event; a taken name is a 409 and writes nothing", async () => {
    const before = audits("connection.create");
    const c = await createRestConnection(actor, rest("billing"));
    expect(audits("connection.create")).toBe(before + 1);
    await expect(createRestConnection(actor, rest("BILLING"))).rejects.toMatchObject({ code: "conflict" });
    expect(audits("connection.create")).toBe(before + 1);

    const updated = await updateRestConnection(actor, c.id, rest("billing", "tok-2"));
    expect(updated.id).toBe(c.id);
    expect((await getRestConnection(c.id)).usedBy).toEqual([]);
    await deleteConnection(actor, c.id);
    expect(await findConnection(c.id)).toBeUndefined();
    expect(audits("connection.delete")).toBeGreaterThan(0);
  });

  it("lists every kind in one page, searched by name", async () => {
    const page = await listConnections({ q: "orders" });
    expect(page.items.map((c) => c.name)).toEqual(["Orders_API"]);
    expect(page.total).toBe(1);
  });
});

describe("Druid connections", () => {
  it("upsert by name (created, then updated), list, and delete", async () => {
    const input = druidConnectionSchema.parse({ name: "pivot", queryHosts: ["druid.internal:8082"] });
    expect((await upsertDruidConnection(actor, input)).created).toBe(true);
    expect((await upsertDruidConnection(actor, { ...input, queryHosts: ["druid2.internal:8082"] })).created).toBe(false);
    expect((await findDruidByName("PIVOT"))?.config.queryHosts).toEqual(["druid2.internal:8082"]);
    expect((await listDruidConnections()).map((r) => r.name)).toEqual(["pivot"]);
    expect((await listNativeDruid({})).connections.map((c) => c.name)).toEqual(["pivot"]);
    // A REST connection's name is not a Druid connection's to take.
    await expect(upsertDruidConnection(actor, { ...input, name: "Orders_API" })).rejects.toMatchObject({ code: "conflict" });
    expect(await deleteDruidConnection(actor, "pivot")).toBe(true);
    expect(await deleteDruidConnection(actor, "pivot")).toBe(false);
  });

  it("two creates of one name at once: one is created, the other is a 409 (never an update of the first)", async () => {
    const input = (host: string) => druidConnectionSchema.parse({ name: "racing-druid", queryHosts: [host] });
    const create = { expect: { create: true } } as const;
    const results = await Promise.allSettled([upsertDruidConnection(actor, input("first:8082"), create), upsertDruidConnection(actor, input("second:8082"), create)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "conflict", fields: { name: "This name is already taken" } });
    const winner = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ row: { config: { queryHosts: string[] } } }>).value;
    expect((await findDruidByName("racing-druid"))?.config.queryHosts).toEqual(winner.row.config.queryHosts);
    // An update of a connection deleted meanwhile is a 404, not a new connection under a new id.
    const id = (await findDruidByName("racing-druid"))!.id;
    await deleteDruidConnection(actor, "racing-druid");
    await expect(upsertDruidConnection(actor, input("third:8082"), { expect: { id } })).rejects.toMatchObject({ code: "not_found" });
    expect(await findDruidByName("racing-druid")).toBeUndefined();
  });
});

describe("database connections", () => {
  const spec = {
    name: "sales_db",
    dialect: "postgresql",
    target: { dialect: "postgresql" as const, host: "db.internal", port: 5432, database: "sales", user: "loader", password: "pw" },
    displayUri: "postgresql://loader@db.internal:5432/sales",
    ssh: null,
    source: "console",
  };

  it("write the row, its tables and its audit event together; a failure inside rolls all back", async () => {
    const tables = [
      { schema: "public", name: "orders" },
      { schema: "public", name: "customers" },
    ];
    const row = await writeDatabaseConnection(actor, { spec, tables, existingId: null });
    expect((await requireDatabaseConnection(row.id)).name).toBe("sales_db");
    expect((await listTableDescriptions({ connectionId: row.id })).map((t) => t.tableName)).toEqual(["customers", "orders"]);
    expect((await nativeDatabaseOf(row)).tables).toEqual({ total: 2, scanned: 0, failed: 0, synchronizing: 0 });
    expect((await listNativeDatabases({})).items.map((d) => [d.name, d.tables.total])).toEqual([["sales_db", 2]]);
    expect((await listDatabaseConnections()).map((r) => r.id)).toEqual([row.id]);

    await expect(
      inTransaction(async () => {
        await writeDatabaseConnection(actor, { spec: { ...spec, name: "other_db" }, tables, existingId: null });
        throw new Error("later failure");
      }),
    ).rejects.toThrow("later failure");
    expect(await findConnectionByName("other_db")).toBeUndefined();
    expect(getDb().select().from(connections).all().filter((c) => c.kind === "database")).toHaveLength(1);

    const [orders] = await listTableDescriptions({ connectionId: row.id, tableName: "orders" });
    await expect(updateTableDescription(actor, orders.id, { columns: [{ name: "nope", description: "x" }] })).rejects.toMatchObject({ reason: "invalid_column_name" });
    expect((await updateTableDescription(actor, orders.id, { description: "All orders" })).description).toBe("All orders");

    await deleteDatabaseConnection(actor, row.id);
    await expect(requireDatabaseConnection(row.id)).rejects.toMatchObject({ reason: "database_connection_not_found" });
  });
});
