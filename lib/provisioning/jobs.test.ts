import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { jobs, provisionedCredentials } from "@/lib/db/schema";
import { enqueue } from "@/lib/jobs/queue";
import { onLost } from "@/lib/jobs/registry";
import { encrypt } from "@/lib/secrets/cipher";
import { ensureKeyFile } from "@/lib/secrets/keyring";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { expireCredentials, scheduleExpiry } from "./expire-credentials";
import { DockerCreateJob, ExpireJob } from "./jobs";

const temp = useTempDataDir();
afterAll(temp.cleanup);
beforeAll(() => ensureKeyFile());

const queuedExpiry = () => getDb().select().from(jobs).where(eq(jobs.type, ExpireJob.id)).all().filter((j) => j.status === "queued");

describe("provisioning jobs", () => {
  it("keeps one queued expiry job, due at the earliest expiry and at most an hour away", async () => {
    const now = Date.now();
    await scheduleExpiry(new Date(now + 10 * 3_600_000));
    expect(queuedExpiry()).toHaveLength(1);
    expect(queuedExpiry()[0].runAt.getTime()).toBeLessThanOrEqual(now + 3_600_000 + 1000);
    await scheduleExpiry(new Date(now + 60_000));
    const [job] = queuedExpiry();
    expect(queuedExpiry()).toHaveLength(1);
    expect(job.runAt.getTime()).toBe(now + 60_000);
    await scheduleExpiry(new Date(now + 120_000));
    expect(queuedExpiry()[0].runAt.getTime()).toBe(now + 60_000);
  });

  it("drops nothing that has not expired, and queues the next run for what remains", async () => {
    getDb().delete(jobs).run();
    const row = getDb()
      .insert(provisionedCredentials)
      .values({ backend: "docker", type: "rstudio", ownerId: 7, ownerLabel: "a@b.c", state: "ready", hostname: "h", port: 1, db: "sy_rstu_x", user: "rstudio", password: encrypt("pw"), touchedAt: new Date() })
      .returning()
      .get();
    expect(await expireCredentials()).toEqual({ dropped: 0, failed: 0, remaining: 1 });
    expect(queuedExpiry()).toHaveLength(1);
    // Five days later (docker's period) it goes, audited, with nothing left to schedule.
    getDb().delete(jobs).run();
    expect(await expireCredentials(new Date(Date.now() + 5 * 86_400_000 + 1000))).toEqual({ dropped: 1, failed: 0, remaining: 0 });
    expect(getDb().select().from(provisionedCredentials).where(eq(provisionedCredentials.id, row.id)).get()).toBeUndefined();
    expect(queuedExpiry()).toHaveLength(0);
  });

  it("removes the half-made sandbox of a Docker create whose worker died", async () => {
    const job = await enqueue(DockerCreateJob, { ownerId: 9, ownerLabel: "x", runId: null, backend: "docker", type: "jupyter", input: [], script: null, transformation: null });
    getDb().insert(provisionedCredentials).values({ backend: "docker", type: "jupyter", ownerId: 9, ownerLabel: "x", state: "creating", hostname: "h", db: "sy_jupy_y", user: "", password: encrypt("pw"), touchedAt: new Date() }).run();
    await onLost({ job, retryAt: null });
    expect(getDb().select().from(provisionedCredentials).all().filter((r) => r.ownerId === 9)).toEqual([]);
  });
});
