import "server-only";
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { ApiError } from "@/lib/api/errors";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { db, first, inTransaction } from "@/lib/db/tx";
import { jobs, provisionedCredentials, type Job, type ProvisionedCredentials } from "@/lib/db/tables";
import type { z } from "zod";
import { enqueue } from "@/lib/jobs/queue";
import { encrypt } from "@/lib/secrets/cipher";
import { backendConfig, NO_DOCKER_ENGINE } from "./config";
import { containerName, DOCKER_IMAGES, DockerEngineError, publishedHost, removeContainer, startContainer } from "./docker-engine";
import { dropRow } from "./drop-credentials";
import { scheduleExpiry } from "./expire-credentials";
import { DockerCreateJob, DockerDeleteJob, type dockerCreatePayload, type dockerDeletePayload } from "./jobs";
import { expiresAt, findOwnCredentials, ownerLabelOf, requireCredentials, requireOwner, requireType } from "./store";

// The async actions (POST /provisioning/async/docker[/transformation], DELETE
// /provisioning/async/docker/{id}): each is a durable job that /queue/job/{id} reports on.

type CreatePayload = z.infer<typeof dockerCreatePayload>;
type DeletePayload = z.infer<typeof dockerDeletePayload>;

export type DockerCreateRequest = { type: string; script?: string; input?: unknown[]; transformation?: { config_id: string; config_version: string; row_id: string } };

async function audited(actor: Actor, job: Job, payload: { runId: string | null; type?: string; id?: string }): Promise<Job> {
  await recordAudit(actor, { action: job.type === DockerCreateJob.id ? "provisioning.async.create" : "provisioning.async.drop", targetType: "job", targetId: job.id, targetLabel: `docker job ${job.id}`, summary: { runId: payload.runId ?? null, type: payload.type ?? null, id: payload.id ?? null } });
  return job;
}

const ownerOf = (actor: Actor) => ({ ownerId: requireOwner(actor), ownerLabel: ownerLabelOf(actor) });

// The job and its audit event are written together.
export async function enqueueDockerCreate(actor: Actor, request: DockerCreateRequest, runId: string | null): Promise<Job> {
  const type = requireType("docker", request.type);
  const payload: CreatePayload = { ...ownerOf(actor), backend: "docker", type, input: request.input ?? [], script: request.script ?? null, transformation: request.transformation ?? null, runId };
  return inTransaction(async () => audited(actor, await enqueue(DockerCreateJob, payload), payload));
}

export async function enqueueDockerDelete(actor: Actor, id: string, runId: string | null): Promise<Job> {
  const row = await requireCredentials(actor, id, "docker");
  const payload: DeletePayload = { ...ownerOf(actor), backend: "docker", id: String(row.id), runId };
  return inTransaction(async () => audited(actor, await enqueue(DockerDeleteJob, payload), payload));
}

/** A provisioning job the actor may see (its owner's; admins: all); 404 otherwise. */
export async function requireProvisioningJob(actor: Actor, id: string): Promise<Job> {
  const job = /^\d{1,15}$/.test(id) ? await first(db().select().from(jobs).where(eq(jobs.id, Number(id)))) : undefined;
  if (!job || (job.type !== DockerCreateJob.id && job.type !== DockerDeleteJob.id) || (actor.role !== "admin" && job.payload.ownerId !== actor.userId)) throw new ApiError("not_found", `Job ${id} not found.`);
  return job;
}

// A row left "creating" this long belongs to a job whose worker died.
const STALE_CREATING_MS = 5 * 60_000;

type Outcome = { status: "succeeded" | "failed"; result: Record<string, unknown>; error?: string };
const failed = (message: string): Outcome => ({ status: "failed", result: { message }, error: message });

/**
 * Runs a create job: the owner's container of that type, started when there is none (as with the
 * sync backends, a second create returns the first). The job's result names the credentials and
 * never holds the password: clients read it with GET /provisioning/docker/{id}.
 */
export async function runDockerCreate(payload: CreatePayload, jobId: number): Promise<Outcome> {
  const config = await backendConfig("docker");
  if (!config || config.backend !== "docker" || !config.dockerHost) return failed(NO_DOCKER_ENGINE);
  const { ownerId, type } = payload;
  let existing = await findOwnCredentials(ownerId, "docker", type);
  // Another job is starting the same sandbox: its result is this one's.
  for (const deadline = Date.now() + 90_000; existing?.state === "creating" && Date.now() - existing.createdAt.getTime() < STALE_CREATING_MS && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 500));
    existing = await findOwnCredentials(ownerId, "docker", type);
  }
  if (existing?.state === "ready") return created(existing);
  if (existing && Date.now() - existing.createdAt.getTime() < STALE_CREATING_MS) return failed("Another job is still starting this sandbox; try again shortly");
  if (existing) {
    // Left "creating" by a job whose worker died: its container, if any, goes with it.
    await removeContainer(config.dockerHost, existing.db).catch(() => {});
    await deleteRow(existing.id);
  }
  const spec = DOCKER_IMAGES[type];
  const name = containerName(type);
  const password = crypto.randomBytes(18).toString("base64url");
  const [row] = await inTransaction((tx) =>
    tx
      .insert(provisionedCredentials)
      .values({ backend: "docker", type, ownerId, ownerLabel: payload.ownerLabel, state: "creating", hostname: publishedHost(config.dockerHost), port: null, db: name, schema: null, user: spec.user, warehouse: null, password: encrypt(password), touchedAt: new Date(), runId: payload.runId })
      .onConflictDoNothing()
      .returning(),
  );
  if (!row) return failed("Another job started this sandbox meanwhile; try again");
  try {
    const port = await startContainer(config.dockerHost, name, type, password);
    const ready = await inTransaction(async (tx) => {
      const [r] = await tx.update(provisionedCredentials).set({ port, state: "ready", touchedAt: new Date() }).where(eq(provisionedCredentials.id, row.id)).returning();
      await recordAudit({ ...SYSTEM_ACTOR, label: `job ${jobId} for ${r.ownerLabel}` }, { action: "provisioning.create", targetType: "provisioned_credentials", targetId: r.id, targetLabel: `docker/${type} ${name}`, summary: { backend: "docker", type, container: name, runId: payload.runId } });
      return r;
    });
    await scheduleExpiry(expiresAt(ready));
    return created(ready);
  } catch (e) {
    await deleteRow(row.id);
    return failed(e instanceof DockerEngineError ? e.message : `The container engine could not start the sandbox: ${(e as Error).message}`);
  }
}

async function deleteRow(id: number): Promise<void> {
  await inTransaction((tx) => tx.delete(provisionedCredentials).where(eq(provisionedCredentials.id, id)));
}

function created(row: ProvisionedCredentials): Outcome {
  return { status: "succeeded", result: { status: "ok", credentials: { id: String(row.id), hostname: row.hostname, port: row.port, user: row.user }, url: `docker/${row.id}` } };
}

export async function runDockerDelete(payload: DeletePayload): Promise<Outcome> {
  const row = await first(db().select().from(provisionedCredentials).where(eq(provisionedCredentials.id, Number(payload.id))));
  if (!row) return { status: "succeeded", result: { status: "ok" } };
  await dropRow({ ...SYSTEM_ACTOR, label: payload.ownerLabel }, row, "provisioning.drop", payload.runId);
  return { status: "succeeded", result: { status: "ok" } };
}

/** A create job whose worker died: the sandbox it was starting is removed, so the next create starts clean. */
export async function abandonDockerCreate(payload: Pick<CreatePayload, "ownerId" | "type">): Promise<void> {
  const row = await findOwnCredentials(payload.ownerId, "docker", payload.type);
  if (row?.state !== "creating") return;
  await deleteRow(row.id);
  const config = await backendConfig("docker");
  if (config?.backend === "docker" && config.dockerHost) void removeContainer(config.dockerHost, row.db).catch(() => {});
}
