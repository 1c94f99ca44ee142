// npm run bench:pages — JavaScript each console page makes a first-time visitor download, gzipped.
//
//   node --conditions=react-server --import tsx scripts/bench/pages.ts                 # starts its own `next start` (needs `next build`)
//   node --conditions=react-server --import tsx scripts/bench/pages.ts <baseURL> <email> <password>
//
// Each route opens in a fresh browser context (cold cache). Every response of resource type
// "script" is gzipped here at zlib's default level, so the figure does not depend on how the server
// compresses. Targets: list pages < 200 kB, Import Configuration (with the editor) < 300 kB.
// BENCH_VERBOSE=1 lists every file; BENCH_STRICT=1 exits 1 when a page is over its budget.
import crypto from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import { chromium, request, type APIRequestContext, type Browser } from "@playwright/test";
import { postSignIn } from "../../e2e/support/api";
import { startServer, type RunningServer } from "../../e2e/support/server";

const LIST_BUDGET_KB = 200;
const EDITOR_BUDGET_KB = 300;

async function target(): Promise<{ baseURL: string; email: string; password: string; server?: RunningServer }> {
  const [baseURL, email, password] = process.argv.slice(2);
  if (baseURL) {
    if (!email || !password) throw new Error("Usage: pages.ts [<baseURL> <email> <password>]");
    return { baseURL: baseURL.replace(/\/$/, ""), email, password };
  }
  const admin = { email: "bench@switchyard.test", password: `bench-${crypto.randomBytes(9).toString("base64url")}` };
  const server = await startServer({ label: "bench-pages", env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password } });
  return { baseURL: server.baseURL, ...admin, server };
}

async function json<T>(res: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<T> {
  if (!res.ok()) throw new Error(`${res.url()}: HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A connection, a feed with one finished run: something for the feed and run pages to show. */
async function seed(ctx: APIRequestContext): Promise<{ feedId: number; runId: number }> {
  const suffix = crypto.randomBytes(3).toString("hex");
  const conn = await json<{ id: string }>(await ctx.post("/api/connections", { data: { name: `bench_conn_${suffix}`, authType: "none" } }));
  const script = 'from lib import outputStream\nfor i in range(20):\n    outputStream.write({"id": i, "name": f"row {i}"})\n';
  // The server activates only a script that passed a test.
  await json(await ctx.post("/api/feeds/test?wait=true", { data: { connectionId: conn.id, language: "python", script } }));
  const feed = await json<{ id: number }>(
    await ctx.post("/api/feeds", {
      data: { name: `bench_feed_${suffix}`, connectionId: conn.id, language: "python", script, destinations: ["sqlite"], status: "active" },
    }),
  );
  const run = await json<{ id: number }>(await ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} }));
  for (const deadline = Date.now() + 90_000; ; ) {
    const r = await json<{ status: string }>(await ctx.get(`/api/runs/${run.id}`));
    if (r.status !== "queued" && r.status !== "running") break;
    if (Date.now() > deadline) throw new Error(`run ${run.id} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { feedId: feed.id, runId: run.id };
}

type Measure = { route: string; files: number; rawKb: number; gzipKb: number; budgetKb: number };

async function measure(browser: Browser, baseURL: string, email: string, password: string, route: string, budgetKb: number, waitForEditor: boolean): Promise<Measure> {
  const context = await browser.newContext({ baseURL });
  try {
    if ((await postSignIn(context.request, email, password)) !== 200) throw new Error("sign-in failed");
    const page = await context.newPage();
    const pending: Array<Promise<{ url: string; raw: number; gzip: number }>> = [];
    page.on("response", (res) => {
      if (res.request().resourceType() !== "script") return;
      pending.push(
        res.body().then(
          (body) => ({ url: res.url(), raw: body.length, gzip: zlib.gzipSync(body).length }),
          () => ({ url: res.url(), raw: 0, gzip: 0 }),
        ),
      );
    });
    const res = await page.goto(route, { waitUntil: "networkidle" });
    if (!res || res.status() >= 400) throw new Error(`${route}: HTTP ${res?.status()}`);
    if (waitForEditor) {
      await page.locator('[data-testid="code-editor"][data-ready="true"]').waitFor({ timeout: 30_000 });
      await page.waitForLoadState("networkidle");
    }
    const sizes = await Promise.all(pending);
    if (process.env.BENCH_VERBOSE) {
      console.log(`\n${route}`);
      for (const s of [...sizes].sort((a, b) => b.gzip - a.gzip)) console.log(`  ${(s.gzip / 1024).toFixed(1).padStart(7)} kB  ${new URL(s.url).pathname}`);
    }
    const sum = (k: "raw" | "gzip") => sizes.reduce((n, s) => n + s[k], 0) / 1024;
    return { route, files: sizes.length, rawKb: sum("raw"), gzipKb: sum("gzip"), budgetKb };
  } finally {
    await context.close();
  }
}

const { baseURL, email, password, server } = await target();
// Interrupted (Ctrl-C, a closed pipe): stop the server this script started rather than leave it running.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => void (server?.kill() ?? Promise.resolve()).finally(() => process.exit(130)));
}
process.stdout.on("error", () => void (server?.kill() ?? Promise.resolve()).finally(() => process.exit(1)));
let failed = false;
try {
  // Cookie-signed API calls must say where they come from (the CSRF check).
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  if ((await postSignIn(api, email, password)) !== 200) throw new Error(`Could not sign in to ${baseURL} as ${email}`);
  const { feedId, runId } = await seed(api);
  await api.dispose();

  const routes: Array<[string, number, boolean]> = [
    ["/connections", LIST_BUDGET_KB, false],
    ["/feeds", LIST_BUDGET_KB, false],
    [`/feeds/${feedId}`, LIST_BUDGET_KB, false],
    [`/feeds/${feedId}/edit/connection`, LIST_BUDGET_KB, false],
    [`/feeds/${feedId}/edit/import`, EDITOR_BUDGET_KB, true],
    [`/feeds/${feedId}/edit/destination`, LIST_BUDGET_KB, false],
    [`/feeds/${feedId}/edit/trigger`, LIST_BUDGET_KB, false],
    [`/runs/${runId}`, LIST_BUDGET_KB, false],
    ["/settings/users", LIST_BUDGET_KB, false],
  ];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const results: Measure[] = [];
  try {
    for (const [route, budget, editor] of routes) results.push(await measure(browser, baseURL, email, password, route, budget, editor));
  } finally {
    await browser.close();
  }

  const width = Math.max(...results.map((r) => r.route.length), 5);
  console.log(`\nJavaScript per page, cold cache (${baseURL})\n`);
  console.log(`${"route".padEnd(width)}  files   raw kB  gzip kB  budget`);
  for (const r of results) {
    const ok = r.gzipKb < r.budgetKb;
    failed ||= !ok;
    console.log(
      `${r.route.padEnd(width)}  ${String(r.files).padStart(5)}  ${r.rawKb.toFixed(1).padStart(7)}  ${r.gzipKb.toFixed(1).padStart(7)}  < ${r.budgetKb} ${ok ? "ok" : "OVER"}`,
    );
  }
} finally {
  await server?.stop();
  if (server && !process.env.BENCH_KEEP_DATA) {
    fs.rmSync(server.dataDir, { recursive: true, force: true });
    fs.rmSync(server.logFile, { force: true });
  }
}
// Over budget is reported above; BENCH_STRICT=1 makes it fail the command (for CI).
process.exit(failed && process.env.BENCH_STRICT ? 1 : 0);
