import type { FeedOut } from "@/lib/feeds/schemas";
import type { ImportStepValues } from "@/components/feeds/wizard/step-schemas";
import type { ScriptTest } from "@/components/feeds/wizard/use-script-test";

/**
 * As in Peak, Next needs a successful test of the script as it is now: the server's scriptTested
 * (the saved script passed a test) and no edits since. Returns why Next is blocked, or null.
 */
export function nextBlockedReason(feed: FeedOut, values: ImportStepValues, test: Pick<ScriptTest, "running" | "run">): string | null {
  if (test.running) return "Wait for the test to finish.";
  const unchanged =
    values.script === feed.script &&
    values.language === feed.language &&
    (values.dependencies ?? []).join("\n") === feed.dependencies.join("\n");
  if (feed.scriptTested && unchanged) return null;
  if (feed.scriptTested) return "The script changed since its last successful test. Test it again to continue.";
  if (unchanged && test.run && test.run.status !== "succeeded") return "The last test failed. Fix the script and test it again.";
  return "Test the script first: Next unlocks once a test of the current script succeeds.";
}
