// TanStack Query hooks for runs, and the live event stream of a running one. Browser-safe.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiFetch } from "@/lib/api-client";
import type { RunOut } from "./schemas";

export type { RunOut };
export type RunStatus = RunOut["status"];
export type LogLine = { seq: number; at: string; stream: "stdout" | "stderr" | "system"; line: string };
export type LogPage = { lines: LogLine[]; nextAfter: number; done: boolean };

export const runKeys = {
  all: ["runs"] as const,
  detail: (id: number) => [...runKeys.all, "detail", id] as const,
};

export const isRunActive = (status: string | undefined | null) => status === "queued" || status === "running";

// While a run is queued or running its page also polls it: the event stream is the fast path, this
// is what brings the page to the run's end when an event is lost, the stream gives up, or a late
// response carried an older status.
const ACTIVE_POLL_MS = 2_000;

export function useRun(id: number, options: { initialData?: RunOut } = {}) {
  return useQuery({
    queryKey: runKeys.detail(id),
    queryFn: () => apiFetch<RunOut>(`/api/runs/${id}`),
    initialData: options.initialData,
    refetchInterval: (query) => (isRunActive(query.state.data?.status) ? ACTIVE_POLL_MS : false),
    refetchIntervalInBackground: true,
  });
}

/**
 * Milliseconds since `since`, ticking every second while `ticking`, for a live duration; null when
 * not ticking or before the first tick (the server's figure is shown then, so hydration matches).
 */
export function useElapsed(since: string | null, ticking: boolean): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!ticking) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ticking]);
  return ticking && since && now !== null ? Math.max(0, now - new Date(since).getTime()) : null;
}

/** One page of a run's log lines after `after` (the last seq already shown). */
export function fetchLogPage(id: number, after = 0, limit = 1000): Promise<LogPage> {
  return apiFetch<LogPage>(`/api/runs/${id}/logs?after=${after}&limit=${limit}`);
}

const LOG_PAGE = 1000;

/** A finished run's stored log, a thousand lines a page ("Load more" fetches the next). */
export function useRunLogs(id: number, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...runKeys.detail(id), "logs"] as const,
    queryFn: ({ pageParam }) => fetchLogPage(id, pageParam, LOG_PAGE),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.done || last.lines.length < LOG_PAGE ? undefined : last.nextAfter),
    enabled,
    staleTime: Infinity,
  });
}

export function useCancelRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<RunOut>(`/api/runs/${id}/cancel`, { method: "POST" }),
    onSuccess: (run) => queryClient.setQueryData(runKeys.detail(run.id), run),
  });
}

/** Merges new lines into the ones shown, by seq, so a reconnect or a refresh never duplicates a line. */
export function mergeLines(current: LogLine[], incoming: LogLine[]): LogLine[] {
  if (!incoming.length) return current;
  const last = current.at(-1)?.seq ?? 0;
  if (incoming[0].seq > last) return [...current, ...incoming];
  const bySeq = new Map(current.map((l) => [l.seq, l]));
  for (const l of incoming) bySeq.set(l.seq, l);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export type RunStream = {
  lines: LogLine[];
  /** The run as the stream last reported it; null until the first status event. */
  run: RunOut | null;
  /** True from the first byte until `done` (or an error). */
  live: boolean;
  error: string | null;
  /** Appends lines fetched some other way (the Refresh logs button). */
  addLines: (lines: LogLine[]) => void;
};

const RECONNECT_MS = 1_500;
const MAX_RETRIES = 5;

/**
 * Follows GET /api/runs/{id}/events (Server-Sent Events, same origin, session cookie) while the run
 * is going: `log` batches of lines, `status` as the run changes, `done` once it ends. A dropped
 * connection resumes after the last line received. Pass null to follow nothing.
 */
export function useRunEvents(runId: number | null): RunStream {
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ runId: number | null; lines: LogLine[]; run: RunOut | null; live: boolean; error: string | null }>({
    runId,
    lines: [],
    run: null,
    live: false,
    error: null,
  });
  // A different run starts from nothing (React's "adjust state while rendering" pattern).
  if (state.runId !== runId) setState({ runId, lines: [], run: null, live: false, error: null });

  useEffect(() => {
    if (runId === null) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let lastSeq = 0;
    let finished = false;
    let failures = 0;

    const connect = () => {
      source = new EventSource(`/api/runs/${runId}/events?after=${lastSeq}`, { withCredentials: true });
      source.addEventListener("open", () => {
        failures = 0;
        setState((s) => ({ ...s, live: true, error: null }));
      });
      source.addEventListener("log", (e) => {
        const { lines } = JSON.parse((e as MessageEvent<string>).data) as { lines: LogLine[] };
        if (lines.length) lastSeq = Math.max(lastSeq, lines.at(-1)!.seq);
        setState((s) => ({ ...s, lines: mergeLines(s.lines, lines) }));
      });
      const onRun = (e: Event, done: boolean) => {
        const run = JSON.parse((e as MessageEvent<string>).data) as RunOut;
        queryClient.setQueryData(runKeys.detail(run.id), run);
        setState((s) => ({ ...s, run, live: !done }));
        if (done) {
          finished = true;
          source?.close();
        }
      };
      source.addEventListener("status", (e) => onRun(e, false));
      source.addEventListener("done", (e) => onRun(e, true));
      source.addEventListener("error", (e) => {
        source?.close();
        if (finished) return;
        // The server sends `event: error` with a message when it gives up; otherwise the connection dropped.
        const data = (e as MessageEvent<string>).data;
        let message: string | null = null;
        if (data) {
          try {
            message = (JSON.parse(data) as { message?: string }).message ?? "The live log stopped";
          } catch {
            message = "The live log stopped";
          }
        }
        // Keep trying through a blip; give up after a few failures in a row (server gone, signed out).
        failures += 1;
        const giveUp = message !== null || failures > MAX_RETRIES;
        setState((s) => ({ ...s, live: false, error: message ?? (giveUp ? "Lost the live log. Reload the page to follow the run again." : "Reconnecting to the live log…") }));
        if (!giveUp) retry = setTimeout(connect, RECONNECT_MS * failures);
      });
    };
    connect();
    return () => {
      finished = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [runId, queryClient]);

  return {
    lines: state.runId === runId ? state.lines : [],
    run: state.runId === runId ? state.run : null,
    live: state.live,
    error: state.error,
    addLines: (lines) => setState((s) => ({ ...s, lines: mergeLines(s.lines, lines) })),
  };
}
