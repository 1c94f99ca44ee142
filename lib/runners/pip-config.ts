import "server-only";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pythonExecutable } from "./run-dir";

// What pip inside the sandbox needs of this machine's pip configuration: the package index
// settings (as PIP_* variables, since no config file is visible in there), the local folders and
// files they name (bound read-only), and the hosts of remote indexes (the only destinations the
// egress proxy lets pip reach). Read once with `pip config list`, which merges the config files
// and PIP_* variables the way pip itself does.

const KEYS = ["index-url", "extra-index-url", "find-links", "no-index", "trusted-host", "cert", "client-cert", "constraint", "only-binary", "no-binary", "prefer-binary", "pre", "default-timeout", "timeout", "retries"];
const URL_KEYS = new Set(["index-url", "extra-index-url", "find-links"]);
const FILE_KEYS = new Set(["cert", "client-cert", "constraint"]);
// Lower wins: an environment variable over an [install] section over [global].
const SECTION_RANK: Record<string, number> = { ":env:": 0, install: 1, global: 2 };

export type PipIndexConfig = { env: Record<string, string>; paths: string[]; hosts: string[] };

let cached: PipIndexConfig | undefined;

export function parsePipConfigList(text: string): Map<string, string> {
  const best = new Map<string, { rank: number; value: string }>();
  for (const line of text.split("\n")) {
    const m = /^([^.]+)\.([a-z-]+)='(.*)'$/.exec(line.trim());
    if (!m || !(m[1] in SECTION_RANK) || !KEYS.includes(m[2])) continue;
    const rank = SECTION_RANK[m[1]];
    const seen = best.get(m[2]);
    if (!seen || rank < seen.rank) best.set(m[2], { rank, value: m[3] });
  }
  return new Map([...best].map(([k, v]) => [k, v.value]));
}

export function pipIndexConfig(): PipIndexConfig {
  if (cached) return cached;
  let text = "";
  try {
    text = execFileSync(pythonExecutable(), ["-m", "pip", "config", "list"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 30_000 });
  } catch {
    // no pip configuration: pip's defaults (the public index) apply
  }
  const settings = parsePipConfigList(text);
  const env: Record<string, string> = {};
  const paths = new Set<string>();
  const hosts = new Set<string>();
  if (!settings.has("index-url") && settings.get("no-index") === undefined) hosts.add("pypi.org").add("files.pythonhosted.org");
  for (const [key, value] of settings) {
    env[`PIP_${key.toUpperCase().replace(/-/g, "_")}`] = value;
    if (URL_KEYS.has(key)) {
      for (const item of value.split(/\s+/).filter(Boolean)) {
        const local = item.startsWith("file://") ? decodeURIComponent(new URL(item).pathname) : item.startsWith("/") ? item : null;
        // A PEP 503 index's pages link to files beside its simple/ folder (../../files/…): bind the index root.
        if (local) paths.add(/\/simple\/?$/.test(local) ? path.dirname(local.replace(/\/$/, "")) : local);
        else if (/^https?:\/\//.test(item)) {
          const url = new URL(item);
          hosts.add(url.port ? `${url.hostname}:${url.port}` : url.hostname);
        }
      }
    }
    if (FILE_KEYS.has(key) && value.startsWith("/")) paths.add(value);
  }
  cached = { env, paths: [...paths].filter((p) => fs.existsSync(p)), hosts: [...hosts] };
  return cached;
}
