import "server-only";
import path from "node:path";
import type { RunLimits } from "../limits";
import { HARNESS_SOURCE, nodePrefix, proxyEnv, pythonExecutable, pythonLayout, sandboxEnv, undiciDir, type RunDir } from "../run-dir";
import type { Language } from "../run-script";
import { INSIDE, type Bind, type SandboxPlan } from "./bwrap";

const MB = 1024 * 1024;
// V8 reserves address space it never touches; where only an rlimit can cap memory, Node gets this much more.
const NODE_RESERVE = 768 * MB;

/** Sandbox limits from a run's limits. */
export function sandboxLimits(limits: RunLimits) {
  return {
    memoryBytes: limits.memoryMb * MB,
    maxProcs: limits.maxProcs,
    cpuSeconds: Math.ceil(limits.wallMs / 1000),
    openFiles: limits.openFiles,
    tmpBytes: limits.tmpMb * MB,
  };
}

/** The sandbox for one fetch script: its file, its dependency folders, the harness, the egress proxy. */
export function scriptPlan(opts: { name: string; language: Language; dir: RunDir; limits: RunLimits; pythonPath: string[]; egress: boolean }) {
  const { language, dir, limits } = opts;
  const py = pythonLayout();
  const binds: Bind[] = [];
  const insidePythonPath = opts.pythonPath.map((host, i) => {
    const inside = `${INSIDE.deps}/${i}`;
    binds.push({ host, inside });
    return inside;
  });
  const script = `${INSIDE.app}/${path.basename(dir.scriptFile)}`;
  binds.push({ host: dir.scriptFile, inside: script });
  // The harness reads re-issued connection headers from here (see LiveConnection in run-script.ts).
  binds.push({ host: dir.liveDir, inside: `${INSIDE.app}/connection` });
  let program: string[];
  const prefixes = [...py.prefixes];
  if (language === "python") {
    program = [pythonExecutable(), "-u", "-s", `${INSIDE.harness}/python_harness.py`];
  } else {
    prefixes.push(nodePrefix());
    binds.push({ host: path.join(/*turbopackIgnore: true*/ HARNESS_SOURCE, "node_lib"), inside: `${INSIDE.nodeModules}/lib` });
    binds.push({ host: undiciDir(), inside: `${INSIDE.nodeModules}/undici` });
    program = [process.execPath, `--max-old-space-size=${limits.memoryMb}`, "--disable-warning=ExperimentalWarning", `${INSIDE.harness}/node_harness.mjs`];
  }
  const plan: SandboxPlan = {
    name: opts.name,
    program,
    env: sandboxEnv(opts.egress ? proxyEnv(INSIDE.egressPort) : {}),
    binds,
    prefixes,
    hiddenDirs: py.sitePackages,
    limits: sandboxLimits(limits),
    egressSocket: opts.egress ? dir.egressSocket : null,
    scratchDir: dir.path,
    addressSpaceBytes: limits.memoryMb * MB + (language === "javascript" ? NODE_RESERVE : 0),
  };
  return { plan, script, pythonPath: insidePythonPath };
}
