import { describe, expect, it } from "vitest";
import { nextStep } from "./next-step";
import type { FailingFeed } from "./types";

const none = { active: 0, paused: 0, draft: 0 };
const failure = (feedId: number, runId: number, feedName: string | null = `feed_${feedId}`): FailingFeed => ({
  feedId,
  feedName,
  feedStatus: "active",
  run: { id: runId, feedId, feedName, status: "failed", trigger: "manual", partiallyLoaded: false, recordsLoaded: 0, error: "boom", at: new Date(0).toISOString() },
});

describe("nextStep", () => {
  it("asks an editor for the first connection, and tells a viewer who makes it", () => {
    expect(nextStep({ connections: 0, feeds: none, failing: [] }, "editor")).toMatchObject({ kind: "create-connection", action: { href: "/connections" } });
    const viewer = nextStep({ connections: 0, feeds: none, failing: [] }, "viewer");
    expect(viewer.kind).toBe("create-connection");
    expect(viewer.action).toBeUndefined();
    expect(viewer.description).toMatch(/editor or an admin/);
  });

  it("asks for a feed once a connection exists, and points at the drafts when there are some", () => {
    expect(nextStep({ connections: 1, feeds: none, failing: [] }, "admin")).toMatchObject({ kind: "create-feed", action: { href: "/feeds/new" } });
    const withDrafts = nextStep({ connections: 1, feeds: { ...none, draft: 2 }, failing: [] }, "admin");
    expect(withDrafts).toMatchObject({ kind: "create-feed", action: { href: "/feeds" } });
    expect(withDrafts.description).toMatch(/2 drafts are waiting/);
    expect(nextStep({ connections: 1, feeds: none, failing: [] }, "viewer").action).toBeUndefined();
  });

  it("sends everyone to the most recent failure first, naming how many others fail", () => {
    const one = nextStep({ connections: 1, feeds: { ...none, active: 3 }, failing: [failure(7, 70)] }, "viewer");
    expect(one).toMatchObject({ kind: "check-failing-feed", action: { href: "/runs/70", label: "Check feed_7" } });
    expect(one.description).toBe("feed_7's last run failed. Its run page shows the error and the log.");
    const three = nextStep({ connections: 1, feeds: { ...none, active: 3 }, failing: [failure(9, 90), failure(7, 70), failure(8, 60)] }, "admin");
    expect(three.action?.href).toBe("/runs/90");
    expect(three.description).toMatch(/and 2 other feeds' too/);
  });

  it("says nothing fails when the activated feeds' latest runs did not fail", () => {
    expect(nextStep({ connections: 2, feeds: { active: 1, paused: 1, draft: 4 }, failing: [] }, "editor")).toMatchObject({
      kind: "all-healthy",
      description: "All 2 feeds' latest runs did not fail.",
    });
  });
});
