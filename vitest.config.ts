import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\/(.*)$/, replacement: path.resolve(import.meta.dirname, "$1") },
      // lib/ modules say `import "server-only"`; under Vitest they run in plain Node.
      { find: "server-only", replacement: path.resolve(import.meta.dirname, "lib/testing/empty-module.ts") },
    ],
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    // Four at a time on two cores: the tests mostly wait on sandboxed scripts, servers and
    // databases (Vitest's default, one fewer than the cores, left the machine a third busy: 69 s,
    // against 33 s with four).
    maxWorkers: 4,
    testTimeout: 20_000,
    // Unit tests get no base packages (each test file has its own DATA_DIR, so each would install
    // requests again); deps.test.ts turns them on where it tests them.
    env: { SWITCHYARD_BASE_PACKAGES: "" },
  },
});
