import "server-only";
import { runSchema } from "./schemas";
import { getRun, listLogs, withDuration } from "./service";

const POLL_MS = 300;
const KEEPALIVE_MS = 15_000;

/**
 * Streams a run's logs and status as Server-Sent Events. It reads the database, not process memory,
 * so it works whichever process (server or standalone worker) executes the run.
 */
export async function runEventStream(runId: number, after: number, signal: AbortSignal): Promise<Response> {
  await getRun(runId); // 404 before the stream opens
  const encoder = new TextEncoder();
  let cursor = after;
  let lastStatus = "";
  let timer: NodeJS.Timeout | undefined;
  // Set when the stream ends (either side): a tick still reading the store then sends nothing.
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let lastSent = Date.now();
      const send = (event: string, data: unknown) => {
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        lastSent = Date.now();
      };
      const close = () => {
        closed = true;
        clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const tick = async () => {
        if (signal.aborted) return close();
        try {
          const page = await listLogs(runId, cursor, 1000);
          // Re-read from the store every tick: the status follows the run whichever process ends it
          // (its executor, the reaper, a cancel), and the counts move while it runs.
          const run = withDuration(await getRun(runId));
          // The client may have gone while the store answered.
          if (closed || signal.aborted) return close();
          if (page.lines.length) {
            cursor = page.nextAfter;
            send("log", { lines: page.lines.map((l) => ({ ...l, at: l.at.toISOString() })) });
          }
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
          try {
            if (!closed) send("error", { message: (e as Error).message });
          } catch {
            // the client is gone
          }
          return close();
        }
        // The next tick is set once this one has finished: ticks never overlap.
        timer = setTimeout(() => void tick(), POLL_MS);
      };
      void tick();
    },
    cancel() {
      closed = true;
      clearTimeout(timer);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
