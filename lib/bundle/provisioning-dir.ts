import "server-only";
import fs from "node:fs";
import path from "node:path";
import { isNotNull } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { deleteConnection } from "@/lib/connections/rest-service";
import { db } from "@/lib/db/tx";
import { connections, feeds } from "@/lib/db/tables";
import { deleteFeed } from "@/lib/feeds/service";
import { log } from "@/lib/log";
import { readDeclarationFile } from "./env-expand";
import { importBundle, parseBundle, parseSecrets } from "./import";
import type { SecretsMap } from "./schemas";

// PROVISIONING_DIR, Grafana-style: every *.yaml, *.yml or *.json file in it is a bundle (the
// export format) whose connections and feeds the file owns. Read at start and on SIGHUP; each
// file is imported in one transaction (an invalid file changes nothing and is logged); objects a
// file no longer declares, or whose file is gone, are deleted. Secrets come from `${VAR}` (expanded
// here), `$__env{NAME}` references (stored as written), or a `<name>.secrets.yaml` beside the file.

const PROVISIONING_ACTOR: Actor = { type: "system", userId: null, label: "provisioning", role: "admin", ip: null, requestId: null };
const SECRETS_FILE = /\.secrets\.(ya?ml|json)$/;

export type ProvisioningReport = { files: { file: string; ok: boolean; objects: number; errors: string[] }[]; removed: string[] };

function secretsBeside(dir: string, file: string): SecretsMap {
  const base = file.replace(/\.(ya?ml|json)$/, "");
  for (const ext of ["yaml", "yml", "json"]) {
    const p = path.join(dir, `${base}.secrets.${ext}`);
    if (fs.existsSync(p)) return parseSecrets(readDeclarationFile(p, `PROVISIONING_DIR/${base}.secrets.${ext}`));
  }
  return { connections: {} };
}

async function load(dir: string): Promise<ProvisioningReport> {
  const report: ProvisioningReport = { files: [], removed: [] };
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && !SECRETS_FILE.test(f)).sort() : [];
  const declared = new Map<string, Set<string>>();
  const failed = new Set<string>();
  for (const file of names) {
    try {
      const bundle = parseBundle(readDeclarationFile(path.join(dir, file), `PROVISIONING_DIR/${file}`));
      const result = await importBundle(PROVISIONING_ACTOR, bundle, secretsBeside(dir, file), { provisionedFrom: file, testFeeds: true });
      const errors = result.errors.map((e) => `${e.object}.${e.field}: ${e.message}`);
      if (!result.valid) failed.add(file);
      else declared.set(file, new Set([...bundle.connections.map((c) => `c:${c.name.toLowerCase()}`), ...bundle.feeds.map((f) => `f:${f.name.toLowerCase()}`)]));
      report.files.push({ file, ok: result.valid, objects: result.objects.length, errors });
    } catch (e) {
      failed.add(file);
      const fields = (e as { fields?: Record<string, string> }).fields;
      report.files.push({ file, ok: false, objects: 0, errors: [(e as Error).message, ...Object.entries(fields ?? {}).map(([k, v]) => `${k}: ${v}`)] });
    }
  }
  // What a loaded file no longer declares goes; a file that failed keeps its objects as they were.
  const stale = (from: string | null, key: string) => from !== null && !failed.has(from) && !declared.get(from)?.has(key);
  for (const f of await db().select().from(feeds).where(isNotNull(feeds.provisionedFrom))) {
    if (!stale(f.provisionedFrom, `f:${(f.name ?? "").toLowerCase()}`)) continue;
    try {
      await deleteFeed(PROVISIONING_ACTOR, f.id, { provisionedFrom: f.provisionedFrom! });
      report.removed.push(`feeds.${f.name}`);
    } catch (e) {
      log.warn("Provisioned feed not removed", { feed: f.name, reason: (e as Error).message });
    }
  }
  for (const c of await db().select().from(connections).where(isNotNull(connections.provisionedFrom))) {
    if (!stale(c.provisionedFrom, `c:${c.name.toLowerCase()}`)) continue;
    try {
      await deleteConnection(PROVISIONING_ACTOR, c.id, { provisionedFrom: c.provisionedFrom! });
      report.removed.push(`connections.${c.name}`);
    } catch (e) {
      log.warn("Provisioned connection not removed", { connection: c.name, reason: (e as Error).message });
    }
  }
  return report;
}

let running: Promise<ProvisioningReport> = Promise.resolve({ files: [], removed: [] });

/** Loads PROVISIONING_DIR (one load at a time: a SIGHUP during a load runs another after it). */
export function loadProvisioningDir(): Promise<ProvisioningReport> {
  const dir = process.env.PROVISIONING_DIR;
  if (!dir) return Promise.resolve({ files: [], removed: [] });
  running = running.then(async () => {
    const report = await load(path.resolve(dir));
    for (const f of report.files) {
      if (f.ok) log.info("Provisioned", { file: f.file, objects: f.objects });
      else log.error("Provisioning file refused; its objects are left as they were", { file: f.file, errors: f.errors.join(" | ") });
    }
    if (report.removed.length) log.info("Removed objects no provisioning file declares", { removed: report.removed.join(", ") });
    return report;
  });
  return running;
}
