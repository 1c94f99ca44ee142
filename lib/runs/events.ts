import "server-only";
import { runSchema } from "./schemas";
import { getRun, listLogs, withDuration } from "./service";

const POLL_MS = 300;
const KEEPALIVE_MS = 15_000;

/**
 * Streams a run's logs and status as Server-Sent Events. It reads the database, not process memory,
 * so it works whichever process (server or standalone worker) executes the run.
 */
export function runEventStream(runId: number, after: number, signal: AbortSignal): Response {
  getRun(runId); // 404 before the stream opens
  const encoder = new TextEncoder();
  let cursor = after;
  let lastStatus = "";
  let timer: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let lastSent = Date.now();
      const send = (event: string, data: unknown) => {
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        lastSent = Date.now();
      };
      const close = () => {
        clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const tick = () => {
        if (signal.aborted) return close();
        try {
          const page = listLogs(runId, cursor, 1000);
          if (page.lines.length) {
            cursor = page.nextAfter;
            send("log", { lines: page.lines.map((l) => ({ ...l, at: l.at.toISOString() })) });
          }
          // Re-read from the store every tick: the status follows the run whichever process ends it
          // (its executor, the reaper, a cancel), and the counts move while it runs.
          const run = withDuration(getRun(runId));
          const key = JSON.stringify([run.status, run.records, run.recordsLoaded, run.bytes, run.cancelRequested, run.destinations]);
          if (key !== lastStatus) {
            lastStatus = key;
            send("status", runSchema.parse(run));
          }
          if (page.done) {
            send("done", runSchema.parse(run));
            return close();
          }
          if (Date.now() - lastSent > KEEPALIVE_MS) {
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
            lastSent = Date.now();
          }
        } catch (e) {
          send("error", { message: (e as Error).message });
          return close();
        }
        timer = setTimeout(tick, POLL_MS);
      };
      tick();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
