#!/usr/bin/env node
// npm records optional platform packages (other OSes' binaries of next, tailwind, esbuild…) in
// package-lock.json only when the registry serves their metadata. A registry that mirrors just one
// platform leaves them out, and `npm ci` then refuses the lock as out of sync. This adds the
// missing entries with their os/cpu, so npm ci skips them on other platforms exactly as it would
// with a complete lock. Run it after `npm install` changes the lock: node scripts/complete-lockfile.mjs
import fs from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const OS = ["darwin", "win32", "linux", "android", "freebsd", "openbsd", "netbsd", "sunos", "aix", "openharmony"];
const CPU = ["arm64", "x64", "ia32", "arm", "ppc64", "s390x", "riscv64", "loong64", "mips64el", "wasm32"];

const platformOf = (name) => {
  const base = name.split("/").pop();
  const os = OS.filter((o) => base.includes(o === "win32" ? "win32" : o));
  const cpu = CPU.filter((c) => new RegExp(`(^|[-_])${c}([-_]|$)`).test(base));
  if (base.includes("wasm32") || base.includes("wasi")) return { cpu: ["wasm32"] };
  return { ...(os.length ? { os } : {}), ...(cpu.length ? { cpu } : {}) };
};

let added = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const nested = `${path}/node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (lock.packages[nested] || lock.packages[hoisted]) continue;
    const platform = platformOf(dep);
    if (!platform.os && !platform.cpu) continue; // not a platform binary: leave it to npm
    lock.packages[hoisted] = { version, dev: pkg.dev || undefined, optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`package-lock.json: added ${added} optional platform package entr${added === 1 ? "y" : "ies"}`);
