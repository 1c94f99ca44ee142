import { defineConfig } from "@playwright/test";

// e2e runs against the built server (`next build` first; `npm test` does it). global-setup starts
// `next start` on a free port with a temporary DATA_DIR and shares its address through the environment.
export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  fullyParallel: false,
  workers: 1,
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
    { name: "api", testDir: "./e2e/api" },
    // Fuzzing, the authorization matrix and the secret leak scan (issue 9): `npm run test:security`.
    { name: "security", testDir: "./e2e/security", timeout: 600_000 },
    {
      name: "ui",
      testDir: "./e2e/ui",
      use: {
        browserName: "chromium",
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        },
      },
    },
  ],
});
