import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { apiRoute, type ErrorFormatter, type RouteSpec } from "@/lib/api/handler";
import { keboolaErrorBody } from "@/lib/api/surfaces";
import type { Job } from "@/lib/db/tables";
import { CannotExtendError } from "@/lib/provisioning/extend-credentials";
import type { CredentialsView } from "@/lib/provisioning/store";
import { keboolaAsyncCreateSchema, keboolaCreateSchema, keboolaListQuerySchema, keboolaTransformationSchema } from "./keboola-schemas";

export { keboolaAsyncCreateSchema, keboolaCreateSchema, keboolaListQuerySchema, keboolaTransformationSchema };

// Keboola's Provisioning API (seed 004), mounted at /provisioning, and its job queue at /queue.
// What its clients rely on (keboola/provisioning-client, provisioning-r-client, syrup-php-client):
// JSON bodies whatever the Content-Type, `message` on every error, 404 only for missing
// credentials, a top-level `status` that is "ok" on every success, and 5xx only for real outages.

/** The caller's X-KBC-RunId, recorded with what it did. */
export const runIdOf = (headers: Headers) => headers.get("x-kbc-runid")?.slice(0, 200) || null;

const touchOf = (d: Date) => String(d.getTime());

/** A credentials object in Keboola's shape. `url` on create; `inUse` and `canExtend` on the GETs. */
export function toKeboola(v: CredentialsView, options: { url?: boolean; usage?: boolean } = {}) {
  return {
    id: v.id,
    status: "ok" as const,
    credentials: { id: v.id, hostname: v.hostname, port: v.port, db: v.db, user: v.user, password: v.password, schema: v.schema, warehouse: v.warehouse, workspaceId: v.id },
    touch: touchOf(v.touchedAt),
    expiration: v.expiresAt.toISOString(),
    ...(options.url ? { url: `${v.backend}/${v.id}` } : {}),
    ...(options.usage ? { inUse: v.inUse ?? false, canExtend: v.canExtend } : {}),
  };
}

export const toKeboolaExtended = (e: { id: string; touchedAt: Date; expiresAt: Date }) => ({ id: e.id, status: "ok" as const, touch: touchOf(e.touchedAt), expiration: e.expiresAt.toISOString() });

export const KEBOOLA_OK = { status: "ok" as const };

const JOB_STATUS: Record<Job["status"], string> = { queued: "waiting", running: "processing", succeeded: "success", failed: "error", cancelled: "cancelled" };

/** The 202 answer of an async action: where to poll. */
export const toKeboolaAccepted = (job: Job, origin: string) => ({ id: job.id, url: `${origin}/queue/job/${job.id}`, status: "waiting" as const });

/** A job as Syrup's queue shows it (GET /queue/job/{id}). */
export function toKeboolaJob(job: Job, origin: string) {
  const p = job.payload;
  const create = job.type.endsWith(".create");
  const result = job.status === "succeeded" ? (job.result ?? { status: "ok" }) : job.status === "failed" ? { ...(job.result ?? {}), message: (job.result?.message as string | undefined) ?? job.lastError ?? "The job failed" } : {};
  return {
    id: job.id,
    runId: String(p.runId ?? job.id),
    url: `${origin}/queue/job/${job.id}`,
    component: "keboola-provisioning-bundle",
    command: create ? "create" : "delete",
    params: create ? { backend: "docker", type: p.type, input: p.input ?? [], ...(p.transformation ? { transformation: p.transformation } : {}) } : { backend: "docker", id: p.id },
    result,
    status: JOB_STATUS[job.status],
    createdTime: job.createdAt.toISOString(),
    startTime: job.heartbeatAt?.toISOString() ?? null,
    endTime: ["succeeded", "failed", "cancelled"].includes(job.status) ? (job.updatedAt?.toISOString() ?? null) : null,
  };
}

// Keboola answers client errors 400 (never 422), "Credentials not found." 404, and an extend the
// backend refuses as a warning; a 503 keeps its Retry-After.
export const keboolaErrors: ErrorFormatter = (error, { requestId }) => {
  if (error instanceof CannotExtendError) {
    return NextResponse.json({ ...keboolaErrorBody(400, error.message, requestId), status: "warning" }, { status: 400 });
  }
  if (error instanceof ApiError) {
    const status = error.status === 422 ? 400 : error.status;
    return NextResponse.json(keboolaErrorBody(status, error.message, requestId), { status, headers: error.headers });
  }
  return NextResponse.json(keboolaErrorBody(500, `Internal error; quote exception id ${requestId} when reporting it`, requestId), { status: 500 });
};

type Schema = z.ZodType | undefined;

/** A Keboola route: an editor's token (X-StorageApi-Token) or session, Keboola's error envelope. */
export function keboolaRoute<B extends Schema = undefined, Q extends Schema = undefined, P = Record<string, string>>(
  spec: Omit<RouteSpec<B, Q, undefined>, "role" | "errors">,
  handler: Parameters<typeof apiRoute<B, Q, undefined, P>>[1],
) {
  return apiRoute<B, Q, undefined, P>({ ...spec, role: "editor", errors: keboolaErrors }, handler);
}
