import { describe, expect, it } from "vitest";
import { compileCron, nextFireTimes, previewTrigger } from "./schedule";

const from = new Date("2026-11-23T10:07:00Z"); // a Monday

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("trigger schedules", () => {
  it("computes classic 5-field cron in a time zone", () => {
    expect(iso(nextFireTimes({ type: "schedule", mode: "cron", cron: "30 9 * * 1-5", timezone: "America/New_York" }, from, 3))).toEqual([
      "2026-11-23T14:30:00.000Z",
      "2026-11-24T14:30:00.000Z",
      "2026-11-25T14:30:00.000Z",
    ]);
  });

  it("computes Quartz expressions with ? L W # and a year", () => {
    const q = (cron: string, n = 2) => iso(nextFireTimes({ type: "schedule", mode: "cron", cron, timezone: "UTC" }, from, n));
    expect(q("0 0 12 ? * MON")).toEqual(["2026-11-23T12:00:00.000Z", "2026-11-30T12:00:00.000Z"]);
    expect(q("0 15 10 ? * 6L")).toEqual(["2026-11-27T10:15:00.000Z", "2026-12-25T10:15:00.000Z"]); // last Friday
    expect(q("0 0 9 ? * 2#1")).toEqual(["2026-12-07T09:00:00.000Z", "2027-01-04T09:00:00.000Z"]); // first Monday
    expect(q("0 0 9 15W * ? 2027")).toEqual(["2027-01-15T09:00:00.000Z", "2027-02-15T09:00:00.000Z"]);
    expect(q("0 0 0 L * ?", 1)).toEqual(["2026-11-30T00:00:00.000Z"]);
    expect(q("*/20 * * ? * *", 2)).toEqual(["2026-11-23T10:07:20.000Z", "2026-11-23T10:07:40.000Z"]);
  });

  it("rejects bad expressions with the reason", () => {
    expect(() => compileCron("0 25 * * *", "UTC")).toThrow(/hour/);
    expect(() => compileCron("0 0 12 * * MON", "UTC")).toThrow(/exactly one of day-of-month/);
    expect(() => compileCron("0 12 ? * MON", "UTC")).toThrow(/Quartz syntax/);
    expect(() => compileCron("* * *", "UTC")).toThrow(/got 3/);
    expect(previewTrigger({ type: "schedule", mode: "cron", cron: "61 * * * *", timezone: "UTC" })).toMatchObject({ valid: false, error: expect.stringMatching(/minute/i) });
  });

  it("turns basic schedules into cron or fixed intervals", () => {
    expect(previewTrigger({ type: "schedule", mode: "interval", every: 15, unit: "minutes", timezone: "UTC" }, from)).toMatchObject({
      cron: "*/15 * * * *",
      nextRuns: ["2026-11-23T10:15:00.000Z", "2026-11-23T10:30:00.000Z", "2026-11-23T10:45:00.000Z", "2026-11-23T11:00:00.000Z", "2026-11-23T11:15:00.000Z"],
    });
    expect(previewTrigger({ type: "schedule", mode: "weekly", days: ["MON", "THU"], time: "06:30", timezone: "Europe/Paris" }, from)).toMatchObject({
      cron: "30 6 * * MON,THU",
      nextRuns: ["2026-11-26T05:30:00.000Z", "2026-11-30T05:30:00.000Z", "2026-12-03T05:30:00.000Z", "2026-12-07T05:30:00.000Z", "2026-12-10T05:30:00.000Z"],
    });
    const odd = nextFireTimes({ type: "schedule", mode: "interval", every: 7, unit: "minutes", timezone: "UTC" }, from, 2);
    expect(odd[1].getTime() - odd[0].getTime()).toBe(7 * 60_000);
    expect(nextFireTimes({ type: "once", at: "2026-12-01T00:00:00Z" }, from, 5)).toHaveLength(1);
    expect(nextFireTimes({ type: "once", at: "2020-12-01T00:00:00Z" }, from, 5)).toHaveLength(0);
  });
});
