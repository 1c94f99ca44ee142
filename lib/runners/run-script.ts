import "server-only";
import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { MAX_JSON_DEPTH, jsonDepthExceeds } from "@/lib/api/body";
import { startEgressProxy, type EgressProxy } from "@/lib/net/egress-proxy";
import { basePackages, ensureDependencies } from "./deps";
import { describeBytes, type RunLimits } from "./limits";
import { prepareRunDir, pythonExecutable } from "./run-dir";
import { spawnSandboxed, type SandboxedProcess } from "./sandbox/bwrap";
import { scriptPlan } from "./sandbox/plan";
import { sandboxStatus } from "./sandbox/status";
import { lineReader, parseLenient } from "./streams";
import { spawnUnsafe } from "./unsafe-launch";

export type Language = "python" | "javascript";
export { parseLenient };

export type LogStream = "stdout" | "stderr" | "system";
export type ScriptRecord = Record<string, unknown>;

export type ScriptRunOptions = {
  language: Language;
  script: string;
  metadata: Record<string, unknown>;
  connection: Record<string, unknown>;
  pythonPath?: string[];
  limits: RunLimits;
  // Test runs stop the script once they have this many records.
  maxRecords?: number;
  onLog: (stream: LogStream, line: string) => void;
  // Called with each batch in order; the script is paused (pipe back-pressure) until it resolves.
  onRecords: (batch: ScriptRecord[], bytes: number) => void | Promise<void>;
  signal?: AbortSignal;
  // Connection headers that expire during the run (OAuth 2.0): before `at`, `next()` fetches new
  // ones, which the harness picks up on the script's next read of connection.headers / .params.
  live?: LiveConnection;
};

export type LiveConnection = {
  at: number | null;
  next: () => Promise<{ headers: Record<string, string>; params: Record<string, string>; at: number | null }>;
};

/** Re-issues the connection's headers into the run folder's live.json before each expiry. */
function reissueHeaders(live: LiveConnection | undefined, liveDir: string, onLog: ScriptRunOptions["onLog"]): () => void {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = (at: number | null) => {
    if (stopped || at === null) return;
    timer = setTimeout(async () => {
      try {
        const fresh = await live!.next();
        if (stopped) return;
        const tmp = path.join(liveDir, "live.json.tmp");
        fs.writeFileSync(tmp, JSON.stringify({ headers: fresh.headers, params: fresh.params }), { mode: 0o644 });
        fs.renameSync(tmp, path.join(liveDir, "live.json"));
        onLog("system", "Connection headers renewed (new access token)");
        schedule(fresh.at);
      } catch (e) {
        onLog("system", `Renewing the connection's access token failed: ${(e as Error).message}`);
      }
    }, Math.max(0, at - Date.now()));
    timer.unref();
  };
  if (live) schedule(live.at);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

export type ErrorKind =
  | "exception"
  | "exit"
  | "timeout"
  | "memory"
  | "cpu_limit"
  | "process_limit"
  | "log_limit"
  | "output_limit"
  | "invalid_record"
  | "cancelled"
  | "sink"
  | "sandbox";

export type ScriptRunResult = {
  ok: boolean;
  stoppedEarly: boolean;
  error: string | null;
  errorKind: ErrorKind | null;
  records: number;
  bytes: number;
  // The last metadata.save(...) value, or null when the script saved none.
  metadata: Record<string, unknown> | null;
  exitCode: number | null;
  durationMs: number;
};

const LOG_LINE_MAX = 8_000;
// One record may not be larger than this; a record stream without newlines fails here, not in memory.
const RECORD_MAX_BYTES = 16 * 1024 * 1024;
// After the main process exits, its pipes get this long to drain before the run resolves anyway.
const EXIT_GRACE_MS = 2_000;

export async function runScript(options: ScriptRunOptions): Promise<ScriptRunResult> {
  const started = Date.now();
  const status = sandboxStatus();
  if (status.mode === "unavailable") {
    const message = `Scripts cannot run on this server: ${status.reason}. An admin can install bubblewrap, or set SWITCHYARD_UNSAFE_SCRIPTS=1 to run scripts without isolation.`;
    options.onLog("system", message);
    return { ok: false, stoppedEarly: false, error: message, errorKind: "sandbox", records: 0, bytes: 0, metadata: null, exitCode: null, durationMs: 0 };
  }
  const hostPythonPath = [...(options.pythonPath ?? [])];
  if (options.language === "python" && status.mode === "bubblewrap" && basePackages().length) {
    try {
      const base = await ensureDependencies(basePackages(), (l) => options.onLog("system", l));
      if (base) hostPythonPath.push(base); // after the feed's own dependencies, which win
    } catch (e) {
      options.onLog("system", `WARNING: the base packages (${basePackages().join(", ")}) could not be installed: ${(e as Error).message}`);
    }
  }
  const dir = prepareRunDir(options.language, options.script);
  const stopReissue = reissueHeaders(options.live, dir.liveDir, options.onLog);
  let sandbox: SandboxedProcess | null = null;
  let proxy: EgressProxy | null = null;
  try {
    if (status.mode === "unsafe") {
      options.onLog("system", "WARNING: scripts run WITHOUT the sandbox (SWITCHYARD_UNSAFE_SCRIPTS=1): as the server's user, with the server's network");
      const launched = spawnUnsafe(options.language, dir, options.limits, hostPythonPath);
      return await supervise(options, launched.child, null, { script: launched.script, pythonPath: hostPythonPath }, started);
    }
    proxy = await startEgressProxy({ socketPath: dir.egressSocket, context: "script", onEvent: proxyEventLog(options.onLog) });
    const name = `run-${process.pid}-${started}-${crypto.randomBytes(3).toString("hex")}`;
    const planned = scriptPlan({ name, language: options.language, dir, limits: options.limits, pythonPath: hostPythonPath, egress: true });
    sandbox = spawnSandboxed(planned.plan, pythonExecutable(), ["pipe", "pipe", "pipe", "pipe", "pipe"]);
    options.onLog("system", sandbox.describe);
    return await supervise(options, sandbox.child, sandbox, { script: planned.script, pythonPath: planned.pythonPath }, started);
  } finally {
    stopReissue();
    sandbox?.kill();
    sandbox?.cleanup();
    await proxy?.close();
    dir.remove();
  }
}

// A script that retries a refused host in a loop must not fill the run log with refusals.
const PROXY_EVENTS_LOGGED = 200;
function proxyEventLog(onLog: ScriptRunOptions["onLog"]): (line: string) => void {
  let n = 0;
  return (line) => {
    n++;
    if (n <= PROXY_EVENTS_LOGGED) onLog("system", line);
    else if (n === PROXY_EVENTS_LOGGED + 1) onLog("system", `More than ${PROXY_EVENTS_LOGGED} proxy events; further ones are not logged`);
  };
}

function supervise(options: ScriptRunOptions, child: ChildProcess, sandbox: SandboxedProcess | null, context: { script: string; pythonPath: string[] }, started: number): Promise<ScriptRunResult> {
  const { limits } = options;
  return new Promise<ScriptRunResult>((resolve) => {
    let records = 0;
    let bytes = 0;
    let received = 0;
    let logBytes = 0;
    let metadata: Record<string, unknown> | null = null;
    let failure: { kind: ErrorKind; message: string } | null = null;
    let reportedError: { kind: string; message: string } | null = null;
    let stoppedEarly = false;
    let stopping = false;
    let sinkChain: Promise<void> = Promise.resolve();
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let stderrTail = "";
    let settled = false;

    const killAll = () => {
      if (sandbox) sandbox.kill();
      else {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }
    };
    const stop = (kind: ErrorKind | null, message?: string) => {
      if (stopping) return;
      stopping = true;
      if (kind) failure = { kind, message: message! };
      killAll();
    };

    // The kernel's OOM killer picks one process; the run ends with it, so a script cannot carry on
    // with its children gone.
    const oomWatch = sandbox?.cgroup
      ? setInterval(() => {
          if (sandbox.cgroup!.oomKilled()) stop("memory", `Memory limit of ${limits.memoryMb} MB reached; the script was stopped`);
        }, 200)
      : null;
    const timer = setTimeout(() => stop("timeout", `Time limit of ${Math.round(limits.wallMs / 1000)} s reached; the script was stopped`), limits.wallMs);
    const onAbort = () => stop("cancelled", "The run was cancelled");
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });

    // Every byte on stdout and stderr counts against the log limit, newline or not.
    const countLog = (n: number) => {
      logBytes += n;
      if (logBytes > limits.logBytes) stop("log_limit", `Log limit of ${describeBytes(limits.logBytes)} reached; the script was stopped`);
    };
    const log = (stream: LogStream, line: string, cut: boolean) => {
      if (stopping && failure?.kind === "log_limit") return;
      options.onLog(stream, cut ? `${line}… [line cut at ${LOG_LINE_MAX} characters]` : line);
    };
    lineReader(child.stdout!, LOG_LINE_MAX, countLog, (l, cut) => log("stdout", l, cut));
    lineReader(child.stderr!, LOG_LINE_MAX, countLog, (l, cut) => {
      stderrTail = (stderrTail + l + "\n").slice(-4000);
      if (l.startsWith("[sandbox] ")) log("system", l.slice(10), cut);
      else log("stderr", l, cut);
    });
    lineReader(child.stdio[4] as Readable, 1_000_000, () => {}, (l) => {
      if (!l) return;
      try {
        const msg = JSON.parse(l) as { type: string; value?: unknown; kind?: string; message?: string };
        if (msg.type === "metadata") {
          // Saved state is stored and shown as JSON: nesting that deep would overflow what reads it.
          if (jsonDepthExceeds(l, MAX_JSON_DEPTH + 1)) stop("invalid_record", `The metadata the script saved is nested deeper than ${MAX_JSON_DEPTH} levels; the script was stopped`);
          else metadata = msg.value as Record<string, unknown>;
        }
        if (msg.type === "error") reportedError = { kind: msg.kind ?? "exception", message: msg.message ?? "" };
      } catch {
        // not ours: ignore
      }
    });

    const recordsStream = child.stdio[3] as Readable;
    const decoder = new StringDecoder("utf8");
    let rest = "";
    recordsStream.on("data", (raw: Buffer) => {
      if (stopping) return;
      received += raw.length;
      if (received > limits.outputBytes + RECORD_MAX_BYTES) {
        stop("output_limit", `Output limit of ${describeBytes(limits.outputBytes)} reached; the script was stopped`);
        return;
      }
      const parts = (rest + decoder.write(raw)).split("\n");
      rest = parts.pop()!;
      if (rest.length > RECORD_MAX_BYTES) {
        stop("invalid_record", `Record ${records + parts.length + 1} is larger than ${describeBytes(RECORD_MAX_BYTES)} (or the records have no newline); the script was stopped`);
        return;
      }
      const batch: ScriptRecord[] = [];
      let batchBytes = 0;
      for (const line of parts) {
        if (!line) continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          value = parseLenient(line);
          if (value === undefined) {
            stop("invalid_record", `Record ${records + batch.length + 1} is not valid JSON`);
            return;
          }
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          stop("invalid_record", `Record ${records + batch.length + 1} is not an object`);
          return;
        }
        batch.push(value as ScriptRecord);
        batchBytes += line.length + 1;
        if (options.maxRecords && records + batch.length >= options.maxRecords) break;
      }
      if (batch.length === 0) return;
      records += batch.length;
      bytes += batchBytes;
      if (bytes > limits.outputBytes) {
        stop("output_limit", `Output limit of ${describeBytes(limits.outputBytes)} reached; the script was stopped`);
        return;
      }
      const result = options.onRecords(batch, batchBytes);
      if (result instanceof Promise) {
        recordsStream.pause();
        sinkChain = sinkChain
          .then(() => result)
          .then(
            () => {
              recordsStream.resume();
            },
            (e: Error) => stop("sink", e.message),
          );
      }
      if (options.maxRecords && records >= options.maxRecords) {
        stoppedEarly = true;
        stop(null);
      }
    });

    child.stdin!.on("error", () => {});
    // maxRecords tells the harness to send records as they are written rather than in blocks.
    child.stdin!.end(
      JSON.stringify({ script: context.script, metadata: options.metadata, connection: options.connection, pythonPath: context.pythonPath, maxRecords: options.maxRecords ?? null }),
    );

    const classify = (): { kind: ErrorKind; message: string } | null => {
      if (failure) return failure;
      if (stoppedEarly || exitCode === 0) return null;
      const reported = reportedError as { kind: string; message: string } | null;
      const signal = exitSignal ?? (exitCode !== null && exitCode > 128 ? exitCode - 128 : null);
      const killed = signal === 9 || exitSignal === "SIGKILL";
      if (reported?.kind === "memory" || (killed && sandbox?.cgroup?.oomKilled()) || /heap out of memory|MemoryError|Cannot allocate memory|Array buffer allocation failed/.test(stderrTail)) {
        return { kind: "memory", message: `Memory limit of ${limits.memoryMb} MB reached; the script was stopped` };
      }
      if (signal === 24 || exitSignal === "SIGXCPU") return { kind: "cpu_limit", message: `CPU time limit of ${Math.ceil(limits.wallMs / 1000)} s reached; the script was stopped` };
      if (reported) return { kind: "exception", message: reported.message };
      if (exitCode === 126 && /refusing to run|could not/.test(stderrTail)) return { kind: "sandbox", message: stderrTail.trim().split("\n").pop()!.replace(/^\[sandbox\] /, "") };
      if (/Resource temporarily unavailable|BlockingIOError|EAGAIN/.test(stderrTail)) {
        return { kind: "process_limit", message: `Process limit of ${limits.maxProcs} reached (the script could not start more processes or threads)` };
      }
      return { kind: "exit", message: `The script exited with code ${exitCode ?? `unknown (killed by ${exitSignal})`}` };
    };

    const finish = async () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (oomWatch) clearInterval(oomWatch);
      options.signal?.removeEventListener("abort", onAbort);
      await sinkChain.catch(() => {});
      if (rest.trim() && !stopping) failure ??= { kind: "invalid_record", message: "The last record was cut off" };
      const error = classify();
      resolve({
        ok: error === null,
        stoppedEarly,
        error: error?.message ?? null,
        errorKind: error?.kind ?? null,
        records,
        bytes,
        metadata,
        exitCode,
        durationMs: Date.now() - started,
      });
    };

    child.on("exit", (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      // The run ends with its main process. Anything it left behind goes with it, and its pipes get
      // a moment to drain; a pipe held open by a stray process cannot keep the run alive.
      killAll();
      setTimeout(() => {
        for (const s of child.stdio) (s as Readable | null)?.destroy?.();
        void finish();
      }, EXIT_GRACE_MS).unref();
    });
    child.on("error", (e) => {
      stop("exit", `Could not start the ${options.language} runtime: ${e.message}`);
      void finish();
    });
    child.on("close", () => void finish());
  });
}
