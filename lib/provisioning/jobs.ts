import "server-only";
import type { Job } from "@/lib/db/schema";
import type { ReapedJob } from "@/lib/jobs/queue";
import { abandonDockerCreate, DOCKER_CREATE_JOB, DOCKER_DELETE_JOB, runDockerCreate, runDockerDelete } from "./docker-jobs";
import { EXPIRE_JOB, expireCredentials, scheduleExpiry } from "./expire-credentials";

// The provisioning job definitions, spread into lib/jobs/handlers.ts.

type Outcome = { status: "succeeded" | "failed" | "cancelled"; result: Record<string, unknown>; error?: string };

export const provisioningHandlers: Record<string, (job: Job, signal: AbortSignal) => Promise<Outcome>> = {
  [EXPIRE_JOB]: async () => ({ status: "succeeded", result: await expireCredentials() }),
  [DOCKER_CREATE_JOB]: (job) => runDockerCreate(job),
  [DOCKER_DELETE_JOB]: (job) => runDockerDelete(job),
};

/**
 * A provisioning job whose worker died: an expiry job that will not be retried is queued again; a
 * Docker create's half-started sandbox is removed (those jobs are not retried). True when the job was ours.
 */
export function onProvisioningReaped({ job, retryAt }: ReapedJob): boolean {
  if (!(job.type in provisioningHandlers)) return false;
  if (job.type === EXPIRE_JOB && !retryAt) scheduleExpiry(new Date(Date.now() + 5 * 60_000));
  if (job.type === DOCKER_CREATE_JOB) abandonDockerCreate(job);
  return true;
}
