import type { FeedOut } from "@/lib/feeds/schemas";
import type { ImportStepValues } from "@/components/feeds/wizard/step-schemas";
import { sameSource, type ScriptSource, type ScriptTest } from "@/components/feeds/wizard/use-script-test";

/**
 * As in Peak, Next needs a successful test of the script as it is now: the server's scriptTested
 * (the saved script passed a test) with no edits since, or a passed test of exactly these edits
 * (`passed`: this page's last test, or the one a restored draft remembers). The server checks the
 * same when Next saves. Returns why Next is blocked, or null.
 */
export function nextBlockedReason(feed: FeedOut, values: ImportStepValues, test: Pick<ScriptTest, "running" | "run" | "tested">, passed: ScriptSource | null): string | null {
  if (test.running) return "Wait for the test to finish.";
  const current: ScriptSource = { script: values.script, language: values.language, dependencies: values.dependencies ?? [] };
  const unchanged = sameSource(current, feed);
  if (passed && sameSource(current, passed)) return null;
  if (feed.scriptTested && unchanged) return null;
  if (test.run && test.run.status !== "succeeded" && test.tested && sameSource(current, test.tested)) return "The last test failed. Fix the script and test it again.";
  if (feed.scriptTested || passed) return "The script changed since its last successful test. Test it again to continue.";
  return "Test the script first: Next unlocks once a test of the current script succeeds.";
}
