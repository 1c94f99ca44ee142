import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { listConnections } from "@/lib/connections/list";
import { listNativeDatabases } from "@/lib/databases/native";
import { getDb } from "@/lib/db/client";
import type { ConnectionConfig } from "@/lib/db/json-columns";
import { connections, feeds, runs } from "@/lib/db/schema";
import { listFeeds } from "@/lib/feeds/service";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { pageOf } from "./paging";

// The native lists' SQL, on a real SQLite file: filters, sort, total, keyset cursor (issue 14, item 4).
const temp = useTempDataDir();
afterAll(temp.cleanup);

let seq = 0;
const hex = () => (++seq).toString(16).padStart(24, "0");
function addConnection(name: string, kind: "rest" | "druid" | "database" = "rest", config: ConnectionConfig = { authType: "none" }) {
  const id = hex();
  getDb().insert(connections).values({ id, kind, name, config }).run();
  return id;
}

beforeEach(async () => {
  getDb().delete(runs).run();
  getDb().delete(feeds).run();
  getDb().delete(connections).run();
});

describe("pageOf", () => {
  it("defaults to 50 and answers 400 naming the field for a bad limit or cursor", async () => {
    expect(pageOf({}).limit).toBe(50);
    expect(pageOf({ limit: "500" }).limit).toBe(500);
    for (const limit of ["0", "501", "-1", "abc", "1.5"]) {
      const e = (() => {
        try {
          pageOf({ limit });
        } catch (err) {
          return err;
        }
      })() as ApiError;
      expect(e).toBeInstanceOf(ApiError);
      expect(e.status).toBe(400);
      expect(e.fields).toHaveProperty("limit");
    }
    expect(() => pageOf({ cursor: "not-a-cursor" })).toThrow(/cursor/);
  });
});

describe("listConnections", () => {
  it("sorts by name in any case, pages by cursor, counts every match, and a row inserted before the cursor does not shift the next page", async () => {
    for (const n of ["delta", "Alpha", "charlie", "Bravo", "echo"]) addConnection(n);
    const first = await listConnections({ limit: "2" });
    expect(first.items.map((c) => c.name)).toEqual(["Alpha", "Bravo"]);
    expect(first.total).toBe(5);
    addConnection("aardvark"); // sorts before the cursor
    const second = await listConnections({ limit: "2", cursor: first.nextCursor! });
    expect(second.items.map((c) => c.name)).toEqual(["charlie", "delta"]);
    expect(second.total).toBe(6);
    const third = await listConnections({ limit: "2", cursor: second.nextCursor! });
    expect(third.items.map((c) => c.name)).toEqual(["echo"]);
    expect(third.nextCursor).toBeNull();
  });

  it("filters by kind and name in SQL and counts each row's feeds", async () => {
    const rest = addConnection("Orders API");
    addConnection("orders-druid", "druid", { type: "druid", queryHosts: ["h:8082"], protocol: "plain" });
    addConnection("Users API");
    getDb().insert(feeds).values([{ name: "f1", connectionId: rest }, { name: "f2", connectionId: rest }]).run();
    const page = await listConnections({ q: "ORDERS", kind: "rest" });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ name: "Orders API", detail: "none", usedByFeeds: 2 });
    expect(page.total).toBe(1);
  });
});

describe("listFeeds", () => {
  it("pages without the script, joins the connection and the last load run, filters by tag and name", async () => {
    const c = addConnection("Shop");
    getDb()
      .insert(feeds)
      .values([
        { name: "beta", connectionId: c, script: "print(1)", tags: ["x"] },
        { name: "Alpha", connectionId: c, script: "print(2)", tags: ["y", "x"] },
        { name: "gamma", script: "print(3)" },
      ])
      .run();
    const alpha = getDb().select().from(feeds).all().find((f) => f.name === "Alpha")!;
    getDb().insert(runs).values([{ feedId: alpha.id, kind: "load", trigger: "manual", status: "failed" }, { feedId: alpha.id, kind: "load", trigger: "manual", status: "succeeded", records: 7 }, { feedId: alpha.id, kind: "test", trigger: "manual" }]).run();
    const first = await listFeeds({ limit: "1" });
    expect(first.total).toBe(3);
    expect(first.tags).toEqual(["x", "y"]);
    expect(first.items[0]).toMatchObject({ name: "Alpha", connectionName: "Shop", lastRun: { status: "succeeded", records: 7 } });
    expect(first.items[0]).not.toHaveProperty("script");
    const rest = await listFeeds({ limit: "5", cursor: first.nextCursor! });
    expect(rest.items.map((f) => f.name)).toEqual(["beta", "gamma"]);
    expect((await listFeeds({ tag: "x" })).items.map((f) => f.name)).toEqual(["Alpha", "beta"]);
    expect((await listFeeds({ q: "AMM" })).items.map((f) => f.name)).toEqual(["gamma"]);
  });
});

describe("listNativeDatabases", () => {
  it("lists database connections only, each with its table counts from the same query", async () => {
    const id = addConnection("warehouse", "database", { dialect: "sqlite", file: "/tmp/x.db", use_ssh: false, source: "console", uri: "sqlite:////tmp/x.db" });
    addConnection("not-a-db");
    getDb().$client.prepare("insert into table_descriptions (id, connection_id, table_name, status) values (?, ?, ?, ?)").run(hex(), id, "a", "SCANNED");
    getDb().$client.prepare("insert into table_descriptions (id, connection_id, table_name, status) values (?, ?, ?, ?)").run(hex(), id, "b", "DEPRECATED");
    const page = await listNativeDatabases({});
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ name: "warehouse", tables: { total: 1, scanned: 1, failed: 0, synchronizing: 0 } });
  });
});
