import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { abandonDockerCreate, runDockerCreate, runDockerDelete } from "./docker-jobs";
import { expireCredentials, scheduleExpiry } from "./expire-credentials";

// The provisioning job definitions (listed in lib/jobs/registry.ts). The ids are written here, not
// imported: the modules with the handlers import these definitions back.

/** Drops expired sandboxes and queues its next run; one stays queued (see scheduleExpiry). */
export const ExpireJob = defineJob({
  id: "provisioning.expire",
  payload: z.object({}),
  handler: async () => ({ status: "succeeded", result: await expireCredentials() }),
  // Lost for good (no attempts left): queued again, so expiry never stops.
  onLost: (_payload, { retryAt }) => (retryAt ? undefined : scheduleExpiry(new Date(Date.now() + 5 * 60_000))),
});

const owner = { ownerId: z.number().int(), ownerLabel: z.string(), runId: z.string().nullable() };

export const dockerCreatePayload = z.object({
  ...owner,
  backend: z.literal("docker"),
  type: z.string().min(1),
  input: z.array(z.unknown()),
  script: z.string().nullable(),
  transformation: z.object({ config_id: z.string(), config_version: z.string(), row_id: z.string() }).nullable(),
});
export const dockerDeletePayload = z.object({ ...owner, backend: z.literal("docker"), id: z.string().min(1) });

/** POST /provisioning/async/docker[/transformation]: starts the owner's container. Once: a half-started one is not retried. */
export const DockerCreateJob = defineJob({
  id: "provisioning.docker.create",
  payload: dockerCreatePayload,
  maxAttempts: 1,
  handler: (payload, { jobId }) => runDockerCreate(payload, jobId),
  onLost: (payload) => abandonDockerCreate(payload),
});

/** DELETE /provisioning/async/docker/{id}. */
export const DockerDeleteJob = defineJob({
  id: "provisioning.docker.delete",
  payload: dockerDeletePayload,
  maxAttempts: 1,
  handler: (payload) => runDockerDelete(payload),
});

export const provisioningJobs = [ExpireJob, DockerCreateJob, DockerDeleteJob];
