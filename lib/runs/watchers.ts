import "server-only";
import type { Watcher } from "@/lib/feeds/schemas";
import { classifyNetworkError } from "@/lib/connections/auth-request";
import { log } from "@/lib/log";
import { policyFetch } from "@/lib/net/http";
import { getRun, updateRun, withDuration } from "./service";

const ATTEMPTS = 3;

function delays(): number[] {
  const base = Number(process.env.SWITCHYARD_WATCHER_BACKOFF_MS) || 2_000;
  return [0, base, base * 4];
}

/** Posts the run's outcome to each watcher that asked for it, with retries; the deliveries are kept on the run. */
export async function notifyWatchers(runId: number, feed: { id: number; name: string | null; watchers: Watcher[] }): Promise<void> {
  const run = withDuration(getRun(runId));
  if (run.status !== "succeeded" && run.status !== "failed") return;
  const event = run.status === "succeeded" ? "run.succeeded" : "run.failed";
  const targets = feed.watchers.filter((w) => (run.status === "succeeded" ? w.onSuccess : w.onFailure));
  if (!targets.length) return;
  const payload = JSON.stringify({
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
  const deliveries = await Promise.all(
    targets.map(async (w) => {
      let lastError = "";
      let status: number | null = null;
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        await new Promise((r) => setTimeout(r, delays()[attempt - 1]));
        try {
          const res = await policyFetch(
            w.url,
            {
              method: "POST",
              headers: { "content-type": "application/json", "user-agent": "Switchyard-Watcher/1", "x-switchyard-event": event },
              body: payload,
              signal: AbortSignal.timeout(10_000),
            },
            { context: "server", maxRedirects: 5 },
          );
          status = res.status;
          await res.body?.cancel().catch(() => {});
          if (res.ok) return { url: w.url, event, ok: true, status, attempts: attempt, error: null, at: new Date().toISOString() };
          lastError = `HTTP ${res.status}`;
        } catch (e) {
          const { code, message } = classifyNetworkError(e, 10_000);
          lastError = `${code}: ${message}`;
          // The policy will refuse again: no retries, and nothing was sent.
          if (code === "destination_not_allowed") {
            log.warn("Watcher delivery refused by the outbound policy", { runId, error: message });
            return { url: w.url, event, ok: false, status: null, code, attempts: attempt, error: lastError, at: new Date().toISOString() };
          }
        }
      }
      log.warn("Watcher delivery failed", { runId, url: new URL(w.url).origin, error: lastError });
      return { url: w.url, event, ok: false, status, attempts: ATTEMPTS, error: lastError, at: new Date().toISOString() };
    }),
  );
  updateRun(runId, { notifications: deliveries });
}
