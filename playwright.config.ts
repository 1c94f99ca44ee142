import { defineConfig } from "@playwright/test";

// e2e runs against the built server (`next build` first; `npm test` does it). global-setup starts
// `next start` on a free port with a temporary DATA_DIR and shares its address through the environment.
const SERIAL = [
  "**/api/audit.spec.ts",
  "**/api/feed-recovery.spec.ts",
  "**/api/outbound-policy.spec.ts",
  "**/api/sandbox-escapes.spec.ts",
  "**/api/test-run-limits.spec.ts",
  "**/api/worker-processes.spec.ts",
  "**/ui/settings-network.spec.ts",
  "**/ui/warehouse.spec.ts",
];

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
  // (scripts/e2e.mjs): it runs the serial and security projects after the others, one at a time.
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "api", testDir: "./e2e/api", testIgnore: SERIAL },
    // One browser at a time beside the API specs: Chromium is the heaviest thing on a 2-core machine.
    { name: "ui", testDir: "./e2e/ui", testIgnore: SERIAL, workers: 1, use: BROWSER },
    // Specs that change server-wide settings (warehouse, network rules, run limits) or measure the
    // console's responsiveness under load: alone, after the others (scripts/e2e.mjs).
    { name: "serial", testDir: "./e2e", testMatch: SERIAL, workers: 1, use: BROWSER },
    // The distributed suite's turn at the API specs of the serial project (scripts/e2e.mjs phase 3),
    // one at a time after the others. Not feed-recovery.spec.ts: it starts embedded servers of its
    // own and reads their console.db, so it would be phase 2's run again.
    { name: "api-serial", testDir: "./e2e/api", testMatch: SERIAL, testIgnore: "**/api/feed-recovery.spec.ts", workers: 1, dependencies: ["api"], use: BROWSER },
    // Fuzzing, the authorization matrix and the secret leak scan (issue 9): `npm run test:security`.
    // It changes settings too (and puts them back), so it runs in the serial phase.
    { name: "security", testDir: "./e2e/security", timeout: 600_000, workers: 1 },
  ],
});
