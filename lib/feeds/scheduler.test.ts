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
const store = globalThis as unknown as { __switchyardDb?: { db: ReturnType<typeof openDatabase>; file: string } };

describe("the scheduler", () => {
  it("fires each tick once with two instances on one store", () => {
    const a = getDb();
    const file = dataPath("console.db");
    const b = openDatabase(file);
    const as = (db: typeof a) => (store.__switchyardDb = { db, file });
    const due = new Date(Date.now() - 1000);
    const trigger: Trigger = { type: "schedule", mode: "interval", every: 7, unit: "minutes", timezone: "UTC" };
    const ids = Array.from({ length: 5 }, (_, i) => a.insert(feeds).values({ name: `sched_${i}`, status: "active", trigger, nextRunAt: due }).returning().get().id);
    const now = new Date();
    // Both instances read the same due ticks; B fires some, then A fires all it read, then B the rest.
    as(a);
    const readByA = dueFeeds(now);
    as(b);
    const readByB = dueFeeds(now);
    expect(readByA).toHaveLength(ids.length);
    expect(readByB).toHaveLength(ids.length);
    let fired = readByB.slice(0, 2).filter((f) => fireTick(f, now)).length;
    as(a);
    fired += readByA.filter((f) => fireTick(f, now)).length;
    as(b);
    fired += readByB.slice(2).filter((f) => fireTick(f, now)).length + fireDueSchedules(now);
    as(a);
    fired += fireDueSchedules(now);
    expect(fired).toBe(ids.length);
    const loads = a.select().from(runs).all().filter((r) => r.kind === "load");
    expect(loads.map((r) => r.feedId).sort()).toEqual(ids.sort());
    for (const id of ids) expect(a.select().from(feeds).all().find((f) => f.id === id)!.nextRunAt!.getTime()).toBeGreaterThan(now.getTime());
    b.$client.close();
  });
});
