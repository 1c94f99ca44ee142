"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { feedKeys, useTestFeed, useUpdateFeed, type FeedInput } from "@/lib/feeds/queries";
import { isRunActive, useCancelRun, useRunEvents, type RunOut } from "@/lib/runs/queries";

export type ScriptTest = ReturnType<typeof useScriptTest>;
export type ScriptSource = Required<Pick<FeedInput, "language" | "script" | "dependencies">>;

/** The same script, language and dependencies: what a passing test vouches for. */
export const sameSource = (a: ScriptSource, b: ScriptSource) => a.script === b.script && a.language === b.language && a.dependencies.join("\n") === b.dependencies.join("\n");

/**
 * TEST on Import Configuration: start a test run of the editor's script and follow its logs and
 * status live. A draft feed saves the script first (nothing runs it yet). A feed that runs (active
 * or paused) is tested with the edits in the request and never saved by a test: its schedule and
 * webhook keep running the saved script until Next saves the tested one.
 */
export function useScriptTest(feedId: number, options: { save: boolean }) {
  const queryClient = useQueryClient();
  const update = useUpdateFeed();
  const test = useTestFeed();
  const cancel = useCancelRun();
  const [started, setStarted] = useState<RunOut | null>(null);
  const [tested, setTested] = useState<ScriptSource | null>(null);
  const stream = useRunEvents(started?.id ?? null);
  const run = stream.run ?? started;
  const running = update.isPending || test.isPending || (run !== null && isRunActive(run.status));

  // Once the run ends, the feed's scriptTested may have changed: fetch it again.
  const finished = run && !isRunActive(run.status) ? run.id : null;
  useEffect(() => {
    if (finished !== null) void queryClient.invalidateQueries({ queryKey: feedKeys.detail(feedId) });
  }, [finished, feedId, queryClient]);

  const start = async (source: ScriptSource & Pick<FeedInput, "loadType">) => {
    setStarted(null);
    const { loadType, ...script } = source;
    if (options.save) await update.mutateAsync({ id: feedId, ...script, loadType });
    const run = await test.mutateAsync({ feedId, draft: options.save ? undefined : script });
    setTested(script);
    setStarted(run);
    return run;
  };

  /** Stop: cancels the test run (POST /api/runs/{id}/cancel); the run ends as cancelled. */
  const stop = async () => {
    if (run && isRunActive(run.status)) await cancel.mutateAsync(run.id);
  };

  /** The script the last finished test passed for, or null. */
  const passed = run?.status === "succeeded" ? tested : null;
  return { start, stop, stopping: cancel.isPending, run, lines: stream.lines, live: stream.live, streamError: stream.error, running, tested, passed, addLines: stream.addLines };
}
