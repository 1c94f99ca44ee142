import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closePgDb } from "@/lib/db/client";
import { scratchPostgres, type ScratchPostgres } from "@/lib/testing/scratch-postgres";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import * as pgSchema from "./pg-schema";
import * as sqliteSchema from "./schema";
import { afterCommit, db, first, inTransaction, inTransactionNow, writeDb } from "./tx";

// The same cases on both stores: the embedded SQLite file, and PostgreSQL (DATABASE_URL, a scratch
// database of this file's own on the machine's server; the file fails when it is unreachable).
const temp = useTempDataDir();
afterAll(temp.cleanup);

const settings = () => (process.env.DATABASE_URL ? pgSchema.settings : sqliteSchema.settings) as typeof sqliteSchema.settings;
const onPostgres = () => Boolean(process.env.DATABASE_URL);

const read = (key: string) => first(db().select().from(settings()).where(eq(settings().key, key)));
const put = (key: string, value: unknown) => writeDb().insert(settings()).values({ key, value }).onConflictDoUpdate({ target: settings().key, set: { value } });
const tick = () => new Promise<void>((r) => setImmediate(r));

function cases() {
  beforeEach(async () => {
    await inTransaction((tx) => tx.delete(settings()));
  });

  it("commits what fn wrote and returns its value", async () => {
    const value = await inTransaction(async () => {
      await put("a", 1);
      return "done";
    });
    expect(value).toBe("done");
    expect((await read("a"))?.value).toBe(1);
  });

  it("rolls back everything when fn throws, and the error reaches the caller", async () => {
    await expect(
      inTransaction(async () => {
        await put("a", 1);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await read("a")).toBeUndefined();
  });

  it("reads outside a transaction see only committed rows, never an open transaction's", async () => {
    let inside!: () => void;
    const held = new Promise<void>((r) => (inside = r));
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    const tx = inTransaction(async () => {
      await put("a", "uncommitted");
      expect((await read("a"))?.value).toBe("uncommitted"); // its own write, through db()
      inside();
      await done;
    });
    await held;
    expect(await read("a")).toBeUndefined();
    finish();
    await tx;
    expect((await read("a"))?.value).toBe("uncommitted");
  });

  it("runs concurrent transactions one at a time, so read-modify-write loses no update", async () => {
    await inTransaction(() => put("n", 0));
    await Promise.all(
      Array.from({ length: 40 }, () =>
        inTransaction(async () => {
          const n = (await read("n"))!.value as number;
          await tick(); // every other transaction gets the chance to interleave here
          await put("n", n + 1);
        }),
      ),
    );
    expect((await read("n"))?.value).toBe(40);
  });

  it("nests as a savepoint: an inner failure the outer catches undoes only the inner writes", async () => {
    await inTransaction(async () => {
      await put("outer", 1);
      await expect(
        inTransaction(async () => {
          await put("inner", 1);
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
      await inTransaction(() => put("inner2", 1));
    });
    expect((await read("outer"))?.value).toBe(1);
    expect(await read("inner")).toBeUndefined();
    expect((await read("inner2"))?.value).toBe(1);
  });

  it("rollback: true returns fn's value and leaves nothing behind, nested or not", async () => {
    expect(await inTransaction(async () => (await put("a", 1), "would be"), { rollback: true })).toBe("would be");
    expect(await read("a")).toBeUndefined();
    await inTransaction(async () => {
      await put("b", 1);
      await inTransaction(() => put("c", 1), { rollback: true });
    });
    expect(await read("b")).toBeDefined();
    expect(await read("c")).toBeUndefined();
  });

  it("afterCommit runs after the outermost commit, sees the commit, and never for what rolled back", async () => {
    const seen: string[] = [];
    const later = (label: string) => afterCommit(async () => seen.push(`${label}:${(await read(label))?.value ?? "missing"}`));
    await inTransaction(async () => {
      await put("kept", 1);
      later("kept");
      await inTransaction(async () => {
        await put("inner", 1);
        later("inner");
      });
      await inTransaction(async () => {
        await put("undone", 1);
        later("undone");
        throw new Error("inner fails");
      }).catch(() => undefined);
      await inTransaction(async () => (await put("dry", 1), later("dry")), { rollback: true });
      // Nothing has run yet: the transaction is still open.
      expect(seen).toEqual([]);
    });
    await expect(inTransaction(async () => (await put("failed", 1), later("failed"), Promise.reject(new Error("no"))))).rejects.toThrow("no");
    await inTransaction(async () => (await put("whole-dry", 1), later("whole-dry")), { rollback: true });
    await expect.poll(() => seen.length).toBe(2);
    for (let i = 0; i < 5; i++) await tick();
    expect(seen.sort()).toEqual(["inner:1", "kept:1"]);
  });

  it("refuses a write outside a transaction, in the types' place and (SQLite) at run time", async () => {
    expect(() => writeDb()).toThrow(/outside inTransaction/);
    expect(inTransactionNow()).toBe(false);
    // db() has no insert in its type; forced, SQLite's read-only connection refuses it (PostgreSQL's
    // pool would take it: there the types and store-boundary.test.ts are the guard).
    if (onPostgres()) return;
    await expect(async () => (db() as unknown as ReturnType<typeof writeDb>).insert(settings()).values({ key: "x", value: 1 }).run()).rejects.toThrow(/readonly/);
    expect(await read("x")).toBeUndefined();
  });

  it("work left running after its transaction ended does not write into the next one", async () => {
    let late!: Promise<void>;
    let go!: () => void;
    const gate = new Promise<void>((r) => (go = r));
    await inTransaction(async () => {
      await put("first", 1);
      // Not awaited: it outlives the transaction it started in.
      late = (async () => {
        await gate;
        expect(inTransactionNow()).toBe(false);
        await inTransaction(() => put("late", 1));
      })();
    });
    await expect(
      inTransaction(async () => {
        await put("second", 1);
        go();
        for (let i = 0; i < 5; i++) await tick(); // the late work runs now, and must wait for its own turn
        throw new Error("this one rolls back");
      }),
    ).rejects.toThrow("this one rolls back");
    await late;
    // Had the late write joined the failed transaction, it would have rolled back with it.
    expect(await read("second")).toBeUndefined();
    expect((await read("late"))?.value).toBe(1);
    expect((await read("first"))?.value).toBe(1);
  }, 10_000);
}

describe("inTransaction on SQLite", () => {
  cases();
});

describe("inTransaction on PostgreSQL", () => {
  let scratch: ScratchPostgres;
  beforeAll(async () => {
    scratch = await scratchPostgres("switchyard_tx");
    process.env.DATABASE_URL = scratch.url;
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await closePgDb();
    await scratch?.drop();
  });

  cases();

  it("waits for another process's transaction: every write of the store takes one advisory lock", async () => {
    const other = new pg.Client({ connectionString: scratch.url });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`SELECT pg_advisory_xact_lock(${0x5357_4954_4348})`);
      await other.query("INSERT INTO settings (key, value) VALUES ('other', '1')");
      let done = false;
      const ours = inTransaction(async () => {
        // Runs only once the other process committed: its row is there to read.
        const seen = await read("other");
        await put("ours", seen ? "after" : "before");
      }).then(() => (done = true));
      for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10));
      expect(done).toBe(false);
      await other.query("COMMIT");
      await ours;
      expect((await read("ours"))?.value).toBe("after");
    } finally {
      await other.end();
    }
  });
});
