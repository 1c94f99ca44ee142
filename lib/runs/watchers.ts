import "server-only";
import { z } from "zod";
import type { Watcher } from "@/lib/feeds/schemas";
import { classifyNetworkError } from "@/lib/connections/auth-request";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { policyFetch } from "@/lib/net/http";
import { getRun, updateRun, withDuration } from "./service";

// Watcher deliveries: when a load run ends, one job posts its outcome to each watcher that asked for
// it. A delivery that fails is tried again by a new job due after the backoff (never by sleeping in
// a job), up to three attempts; once every delivery is final they are kept on the run together.

const ATTEMPTS = 3;

function delays(): number[] {
  const base = Number(process.env.SWITCHYARD_WATCHER_BACKOFF_MS) || 2_000;
  return [0, base, base * 4];
}

const deliverySchema = z.object({
  url: z.string(),
  event: z.string(),
  ok: z.boolean(),
  status: z.number().nullable(),
  code: z.string().optional(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  at: z.string(),
});
export type Delivery = z.infer<typeof deliverySchema>;

const target = z.object({ index: z.number().int().nonnegative(), url: z.string() });

const payloadSchema = z.object({
  runId: z.number().int().positive(),
  feed: z.object({ id: z.number().int().positive(), name: z.string().nullable() }),
  attempt: z.number().int().min(1).max(ATTEMPTS),
  pending: z.array(target).min(1),
  done: z.array(deliverySchema.extend({ index: z.number().int() })),
});
type Payload = z.infer<typeof payloadSchema>;

export const WatcherDeliveryJob = defineJob({
  id: "feed.watchers.deliver",
  payload: payloadSchema,
  // The domain retries (a new job per attempt, due after the backoff): the queue tries each once.
  maxAttempts: 1,
  handler: async (payload) => {
    const kept = await deliverAttempt(payload);
    return { status: "succeeded", result: { runId: payload.runId, attempt: payload.attempt, ...kept } };
  },
  onLost: (payload) => advance(payload, payload.pending.map((t) => ({ ...t, outcome: { retry: true, status: null, error: "The worker delivering it stopped (crashed or killed)" } }))),
});

type Attempted = { index: number; url: string; outcome: { retry: false; delivery: Omit<Delivery, "url" | "event"> } | { retry: true; status: number | null; error: string } };

/** Queues the deliveries of a finished load run to the watchers that asked for its outcome. */
export async function queueWatcherDeliveries(runId: number, feed: { id: number; name: string | null; watchers: Watcher[] }): Promise<void> {
  const run = await getRun(runId);
  if (run.status !== "succeeded" && run.status !== "failed") return;
  const targets = feed.watchers.filter((w) => (run.status === "succeeded" ? w.onSuccess : w.onFailure));
  if (!targets.length) return;
  await enqueue(WatcherDeliveryJob, { runId, feed: { id: feed.id, name: feed.name }, attempt: 1, pending: targets.map((w, index) => ({ index, url: w.url })), done: [] });
}

function eventOf(status: string) {
  return status === "succeeded" ? "run.succeeded" : "run.failed";
}

async function bodyOf(runId: number, feed: Payload["feed"]): Promise<{ event: string; body: string }> {
  const run = withDuration(await getRun(runId));
  const event = eventOf(run.status);
  const body = JSON.stringify({
    event,
    feed: { id: feed.id, name: feed.name },
    run: {
      id: run.id,
      status: run.status,
      trigger: run.trigger,
      records: run.records,
      durationMs: run.durationMs,
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      error: run.error,
    },
  });
  return { event, body };
}

async function postOnce(runId: number, url: string, event: string, body: string, attempt: number): Promise<Attempted["outcome"]> {
  const at = () => new Date().toISOString();
  try {
    const res = await policyFetch(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Switchyard-Watcher/1", "x-switchyard-event": event },
        body,
        signal: AbortSignal.timeout(10_000),
      },
      { context: "server", maxRedirects: 5 },
    );
    await res.body?.cancel().catch(() => {});
    if (res.ok) return { retry: false, delivery: { ok: true, status: res.status, attempts: attempt, error: null, at: at() } };
    return { retry: true, status: res.status, error: `HTTP ${res.status}` };
  } catch (e) {
    const { code, message } = classifyNetworkError(e, 10_000);
    // The policy will refuse again: no retries, and nothing was sent.
    if (code === "destination_not_allowed") {
      log.warn("Watcher delivery refused by the outbound policy", { runId, error: message });
      return { retry: false, delivery: { ok: false, status: null, code, attempts: attempt, error: `${code}: ${message}`, at: at() } };
    }
    return { retry: true, status: null, error: `${code}: ${message}` };
  }
}

/** One attempt at every delivery still pending, then the next attempt queued or the deliveries kept. */
async function deliverAttempt(payload: Payload): Promise<{ delivered: number; retrying: number }> {
  const { event, body } = await bodyOf(payload.runId, payload.feed);
  // The posts are not in a transaction: only what they decided is written, by advance.
  const attempted = await Promise.all(payload.pending.map(async (t) => ({ ...t, outcome: await postOnce(payload.runId, t.url, event, body, payload.attempt) })));
  return advance(payload, attempted);
}

async function advance(payload: Payload, attempted: Attempted[]): Promise<{ delivered: number; retrying: number }> {
  const event = eventOf((await getRun(payload.runId)).status);
  const last = payload.attempt >= ATTEMPTS;
  const done = [...payload.done];
  const pending: Payload["pending"] = [];
  for (const { index, url, outcome } of attempted) {
    if (!outcome.retry) done.push({ index, url, event, ...outcome.delivery });
    else if (!last) pending.push({ index, url });
    else {
      log.warn("Watcher delivery failed", { runId: payload.runId, url: new URL(url).origin, error: outcome.error });
      done.push({ index, url, event, ok: false, status: outcome.status, attempts: ATTEMPTS, error: outcome.error, at: new Date().toISOString() });
    }
  }
  if (pending.length) {
    const runAt = new Date(Date.now() + delays()[payload.attempt]);
    await enqueue(WatcherDeliveryJob, { ...payload, attempt: payload.attempt + 1, pending, done }, { runAt });
  } else {
    await updateRun(payload.runId, { notifications: done.sort((a, b) => a.index - b.index).map(({ index: _index, ...d }) => d) });
  }
  return { delivered: done.length, retrying: pending.length };
}
