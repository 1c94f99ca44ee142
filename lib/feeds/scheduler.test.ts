import { afterAll, describe, expect, it } from "vitest";
import { getDb, openDatabase } from "@/lib/db/client";
import type { Trigger } from "@/lib/db/json-columns";
import { feeds, runs } from "@/lib/db/schema";
import { dataPath } from "@/lib/config";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { dueFeeds, fireDueSchedules, fireTick } from "./scheduler";

const temp = useTempDataDir();
afterAll(temp.cleanup);

// Two scheduler instances = two connections to the same SQLite file, as two server processes have.
// Each instance keeps its own entry (so its read-only connection too) while the other one is swapped in.
type Store = { db: ReturnType<typeof openDatabase>; file: string; reader?: ReturnType<typeof openDatabase> };
const store = globalThis as unknown as { __switchyardDb?: Store };

describe("the scheduler", () => {
  it("fires each tick once with two instances on one store", async () => {
    const a = getDb();
    const file = dataPath("console.db");
    const b = openDatabase(file);
    const instances = new Map<typeof a, Store>([
      [a, store.__switchyardDb!],
      [b, { db: b, file }],
    ]);
    const as = (db: typeof a) => (store.__switchyardDb = instances.get(db));
    const due = new Date(Date.now() - 1000);
    const trigger: Trigger = { type: "schedule", mode: "interval", every: 7, unit: "minutes", timezone: "UTC" };
    const ids = Array.from({ length: 5 }, (_, i) => a.insert(feeds).values({ name: `sched_${i}`, status: "active", trigger, nextRunAt: due }).returning().get().id);
    const now = new Date();
    // Both instances read the same due ticks; B fires some, then A fires all it read, then B the rest.
    as(a);
    const readByA = await dueFeeds(now);
    as(b);
    const readByB = await dueFeeds(now);
    expect(readByA).toHaveLength(ids.length);
    expect(readByB).toHaveLength(ids.length);
    const fire = async (list: typeof readByA) => {
      let n = 0;
      for (const f of list) if (await fireTick(f, now)) n++;
      return n;
    };
    let fired = await fire(readByB.slice(0, 2));
    as(a);
    fired += await fire(readByA);
    as(b);
    fired += (await fire(readByB.slice(2))) + (await fireDueSchedules(now));
    as(a);
    fired += await fireDueSchedules(now);
    expect(fired).toBe(ids.length);
    const loads = a.select().from(runs).all().filter((r) => r.kind === "load");
    expect(loads.map((r) => r.feedId).sort()).toEqual(ids.sort());
    for (const id of ids) expect(a.select().from(feeds).all().find((f) => f.id === id)!.nextRunAt!.getTime()).toBeGreaterThan(now.getTime());
    instances.get(b)!.reader?.$client.close();
    b.$client.close();
  });
});
