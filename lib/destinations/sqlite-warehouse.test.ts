import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { sqliteWarehouse, warehousePath } from "./sqlite-warehouse";

const temp = useTempDataDir();
afterAll(temp.cleanup);

const rows = (table: string) => {
  const db = new Database(warehousePath(), { readonly: true });
  try {
    return db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
};

describe("SQLite warehouse loader", () => {
  it("adds columns for new keys, stores nested values as JSON and commits the state with the rows", async () => {
    const loader = await sqliteWarehouse.open({ feedId: 1, table: "orders", runId: 7, loadType: "incremental" });
    const batch = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `n${i}` }));
    await loader.write(batch);
    await loader.write([{ id: 100, name: "x", extra: { deep: [1, 2] }, flag: true }, { name: "reordered", id: 101 }, { id: 102 }]);
    await loader.commit({ cursor: 103 });
    const all = rows("orders");
    expect(all).toHaveLength(103);
    expect(all[100]).toMatchObject({ _run_id: 7, id: 100, name: "x", extra: '{"deep":[1,2]}', flag: 1 });
    expect(all[101]).toMatchObject({ id: 101, name: "reordered", extra: null });
    expect(await sqliteWarehouse.readState(1, "orders")).toEqual({ cursor: 103 });
  });

  it("leaves no rows and the old state after a rollback", async () => {
    const loader = await sqliteWarehouse.open({ feedId: 1, table: "orders", runId: 8, loadType: "incremental" });
    await loader.write([{ id: 999 }]);
    await loader.rollback();
    expect(rows("orders")).toHaveLength(103);
    expect(await sqliteWarehouse.readState(1, "orders")).toEqual({ cursor: 103 });
  });

  it("truncate_insert replaces the rows in the same transaction", async () => {
    const loader = await sqliteWarehouse.open({ feedId: 1, table: "orders", runId: 9, loadType: "truncate_insert" });
    await loader.write([{ id: 1 }, { id: 2 }]);
    expect(rows("orders")).toHaveLength(103); // readers still see the old table
    await loader.commit(null);
    expect(rows("orders").map((r) => r._run_id)).toEqual([9, 9]);
    expect(await sqliteWarehouse.readState(1, "orders")).toEqual({ cursor: 103 }); // no save: state unchanged
  });

  it("queues a second load of the same warehouse until the first finishes", async () => {
    const first = await sqliteWarehouse.open({ feedId: 2, table: "a", runId: 1, loadType: "incremental" });
    let secondOpened = false;
    const second = sqliteWarehouse.open({ feedId: 3, table: "b", runId: 2, loadType: "incremental" }).then((l) => {
      secondOpened = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(secondOpened).toBe(false);
    await first.commit(null);
    await (await second).commit({ ok: true });
    expect(await sqliteWarehouse.readState(3, "b")).toEqual({ ok: true });
  });

  it("waits for another process's write lock without blocking this process, and takes it once free", async () => {
    // A second connection stands for another worker process on the same DATA_DIR.
    const other = new Database(warehousePath());
    other.exec("BEGIN IMMEDIATE");
    let opened = false;
    // open() returns at once (busy_timeout would have frozen the event loop for up to 5 s, then failed).
    const called = Date.now();
    const loader = sqliteWarehouse.open({ feedId: 4, table: "c", runId: 3, loadType: "incremental" }).then((l) => {
      opened = true;
      return l;
    });
    expect(Date.now() - called).toBeLessThan(2_500);
    // The event loop goes on turning while the lock is held elsewhere, and the load waits for it.
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(opened).toBe(false);
    other.exec("COMMIT");
    other.close();
    const l = await loader;
    await l.write([{ id: 1 }]);
    await l.commit({ c: 1 });
    expect(rows("c")).toHaveLength(1);
  });
  it("stops waiting for another process's write lock when the run is cancelled", async () => {
    const other = new Database(warehousePath());
    other.exec("BEGIN IMMEDIATE");
    try {
      const controller = new AbortController();
      const waiting = sqliteWarehouse.open({ feedId: 5, table: "d", runId: 4, loadType: "incremental", signal: controller.signal });
      let settled = false;
      void waiting.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      expect(settled).toBe(false);
      controller.abort(new Error("cancelled"));
      await expect(waiting).rejects.toThrow("cancelled");
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    // The lock it gave up is taken by the next load as usual.
    const l = await sqliteWarehouse.open({ feedId: 5, table: "d", runId: 5, loadType: "incremental" });
    await l.write([{ id: 1 }]);
    await l.commit(null);
    expect(rows("d")).toHaveLength(1);
  });

  it("a cancelled load queued behind this process's own load leaves the queue, and the one after it still gets its turn", async () => {
    const first = await sqliteWarehouse.open({ feedId: 6, table: "e", runId: 6, loadType: "incremental" });
    const controller = new AbortController();
    const cancelled = sqliteWarehouse.open({ feedId: 7, table: "f", runId: 7, loadType: "incremental", signal: controller.signal });
    const third = sqliteWarehouse.open({ feedId: 8, table: "g", runId: 8, loadType: "incremental" });
    controller.abort(new Error("cancelled"));
    await expect(cancelled).rejects.toThrow("cancelled");
    await first.write([{ id: 1 }]);
    await first.commit(null);
    const t = await third;
    await t.write([{ id: 2 }]);
    await t.commit(null);
    expect(rows("e")).toHaveLength(1);
    expect(rows("g")).toHaveLength(1);
  });
});
