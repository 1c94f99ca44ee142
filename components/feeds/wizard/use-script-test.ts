"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { feedKeys, useTestFeed, useUpdateFeed, type FeedInput } from "@/lib/feeds/queries";
import { fetchLogPage, isRunActive, useRunEvents, type RunOut } from "@/lib/runs/queries";

export type ScriptTest = ReturnType<typeof useScriptTest>;

/**
 * TEST on Import Configuration: save the script (PATCH), start a test run of the saved feed, then
 * follow its logs and status live. A successful test marks the feed's current script as tested.
 */
export function useScriptTest(feedId: number) {
  const queryClient = useQueryClient();
  const update = useUpdateFeed();
  const test = useTestFeed();
  const [started, setStarted] = useState<RunOut | null>(null);
  const [testedScript, setTestedScript] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const stream = useRunEvents(started?.id ?? null);
  const run = stream.run ?? started;
  const running = update.isPending || test.isPending || (run !== null && isRunActive(run.status));

  // Once the run ends, the feed's scriptTested may have changed: fetch it again.
  const finished = run && !isRunActive(run.status) ? run.id : null;
  useEffect(() => {
    if (finished !== null) void queryClient.invalidateQueries({ queryKey: feedKeys.detail(feedId) });
  }, [finished, feedId, queryClient]);

  const start = async (source: Pick<FeedInput, "language" | "script" | "dependencies" | "loadType">) => {
    setStarted(null);
    await update.mutateAsync({ id: feedId, ...source });
    const run = await test.mutateAsync(feedId);
    setTestedScript(source.script ?? null);
    setStarted(run);
    return run;
  };

  /** Peak's refresh icon: read the log lines stored so far, in case the live stream missed any. */
  const refreshLogs = async () => {
    if (!run) return;
    setRefreshing(true);
    try {
      let after = 0;
      for (;;) {
        const page = await fetchLogPage(run.id, after, 1000);
        stream.addLines(page.lines);
        if (page.lines.length < 1000) break;
        after = page.nextAfter;
      }
    } finally {
      setRefreshing(false);
    }
  };

  return { start, run, lines: stream.lines, live: stream.live, streamError: stream.error, running, testedScript, refreshLogs, refreshing };
}
