import { defineConfig } from "@playwright/test";

// e2e runs against the built server (`next build` first; `npm test` does it). global-setup starts
// `next start` on a free port with a temporary DATA_DIR and shares its address through the environment.
// Specs that change server-wide settings (warehouse, network rules, run limits) or read the whole
// audit log: one at a time on a server of their own (scripts/e2e.mjs), beside other phases.
const SERIAL = [
  "**/api/audit.spec.ts",
  "**/api/outbound-policy.spec.ts",
  "**/api/test-run-limits.spec.ts",
  "**/ui/settings-network.spec.ts",
  "**/ui/warehouse.spec.ts",
];
// Specs that time the machine: kill -9 and restarts within a lease, the console's latency while
// hostile scripts run, sign-in refusals timed against each other. They run when nothing else does.
const ALONE = ["**/api/feed-recovery.spec.ts", "**/api/sandbox-escapes.spec.ts", "**/api/sign-in-timing.spec.ts", "**/api/worker-processes.spec.ts"];
const APART = [...SERIAL, ...ALONE];

const BROWSER = {
  browserName: "chromium" as const,
  viewport: { width: 1280, height: 800 },
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  },
};

export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  fullyParallel: false,
  // Two spec files at a time share the suite's server. Run the suite with `npm run test:e2e`
  // (scripts/e2e.mjs): it runs the serial and security projects one at a time on a server of their
  // own, and the alone project when nothing else runs.
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    // A failed test keeps its trace (DOM snapshots, network, console) and a screenshot; the trace's
    // filmstrip of every frame is left out: encoding it took more CPU than the browser tests.
    trace: { mode: "retain-on-failure", screenshots: false },
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "api", testDir: "./e2e/api", testIgnore: APART },
    // Two browsers at most, once the API specs are done (they are listed first).
    { name: "ui", testDir: "./e2e/ui", testIgnore: APART, workers: 2, use: BROWSER },
    { name: "serial", testDir: "./e2e", testMatch: SERIAL, workers: 1, use: BROWSER },
    { name: "alone", testDir: "./e2e", testMatch: ALONE, workers: 1, use: BROWSER },
    // The distributed suite's turn at the API specs of the serial and alone projects (scripts/e2e.mjs),
    // one at a time. Not feed-recovery.spec.ts: it starts embedded servers of its own and reads their
    // console.db, so it would be the embedded run again.
    { name: "api-serial", testDir: "./e2e/api", testMatch: SERIAL, workers: 1, dependencies: ["api"], use: BROWSER },
    { name: "api-alone", testDir: "./e2e/api", testMatch: ALONE, testIgnore: "**/api/feed-recovery.spec.ts", workers: 1, use: BROWSER },
    // Fuzzing, the authorization matrix and the secret leak scan (issue 9): `npm run test:security`.
    // It changes settings too (and puts them back), so it runs with the serial project.
    { name: "security", testDir: "./e2e/security", timeout: 600_000, workers: 1 },
  ],
});
