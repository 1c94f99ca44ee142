import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { describeDuration, describeLimits, LOAD_RUN_LIMITS, TEST_PREVIEW_RECORDS, TEST_RUN_LIMITS } from "./limits";

describe("run limits in words", () => {
  it("says durations as people do", () => {
    expect(describeDuration(60_000)).toBe("60 s");
    expect(describeDuration(10 * 60_000)).toBe("10 min");
    expect(describeDuration(3_600_000)).toBe("1 h");
  });

  // The README writes the numbers out; they must be the constants' (the editor renders those).
  it("the README's limits are lib/runners/limits.ts's", () => {
    const readme = fs.readFileSync("README.md", "utf8");
    expect(readme).toContain(
      `- **Test run:** ends, and passes, once the script has written ${TEST_PREVIEW_RECORDS} records (the preview); at most ${describeLimits(TEST_RUN_LIMITS)}, ${TEST_RUN_LIMITS.maxProcs} processes. It writes nothing.`,
    );
    expect(readme).toContain(`- **Load run:** at most ${describeLimits(LOAD_RUN_LIMITS)}, ${LOAD_RUN_LIMITS.maxProcs} processes.`);
  });
});
