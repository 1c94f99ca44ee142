import "server-only";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { dataDir } from "@/lib/config";
import { describeBytes, type RunLimits } from "./limits";
import { pythonExecutable, prepareRunDir, runtimeEnv, SANDBOX_SCRIPT, type RunDir } from "./run-dir";

export type Language = "python" | "javascript";
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
};

export type ErrorKind = "exception" | "exit" | "timeout" | "memory" | "log_limit" | "output_limit" | "invalid_record" | "cancelled" | "sink";

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

// Python's json writes NaN and Infinity, which JSON has no words for: they load as null. Only
// tokens outside strings are replaced. This is the slow path for lines JSON.parse refused.
export function parseLenient(line: string): unknown {
  let out = "";
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      out += c;
      if (c === "\\") out += line[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const word = line.startsWith("NaN", i) ? "NaN" : line.startsWith("-Infinity", i) ? "-Infinity" : line.startsWith("Infinity", i) ? "Infinity" : null;
    if (word) {
      out += "null";
      i += word.length - 1;
    } else out += c;
  }
  try {
    return JSON.parse(out);
  } catch {
    return undefined;
  }
}

export async function runScript(options: ScriptRunOptions): Promise<ScriptRunResult> {
  const started = Date.now();
  const dir = prepareRunDir(options.language, options.script);
  try {
    return await execute(options, dir, started);
  } finally {
    dir.remove();
  }
}

function execute(options: ScriptRunOptions, dir: RunDir, started: number): Promise<ScriptRunResult> {
  const { limits } = options;
  const program =
    options.language === "python"
      ? [pythonExecutable(), "-u", "-s", path.join(dir.harnessDir, "python_harness.py")]
      : [process.execPath, `--max-old-space-size=${limits.memoryMb}`, "--disable-warning=ExperimentalWarning", path.join(dir.harnessDir, "node_harness.mjs")];
  const sandboxConfig = {
    parentPid: process.pid,
    deny: [dataDir(), process.cwd(), dir.runsRoot],
    writable: [dir.path],
    readOnly: options.pythonPath ?? [],
    fileSizeBytes: Math.max(limits.outputBytes, 100_000_000),
    // RLIMIT_AS is the only memory cap Python honours; V8 reserves far more address space than it
    // uses, so Node gets --max-old-space-size instead.
    addressSpaceBytes: options.language === "python" ? limits.memoryMb * 1024 * 1024 : 0,
  };
  const configFile = path.join(dir.path, ".sandbox.json");
  fs.writeFileSync(configFile, JSON.stringify(sandboxConfig), { mode: 0o600 });

  const child = spawn(pythonExecutable(), ["-I", SANDBOX_SCRIPT, configFile, "--", ...program], {
    cwd: dir.path,
    env: runtimeEnv(dir.path) as unknown as NodeJS.ProcessEnv,
    stdio: ["pipe", "pipe", "pipe", "pipe", "pipe"],
    detached: true, // its own process group, so a kill reaches everything the script started
  });

  return new Promise<ScriptRunResult>((resolve) => {
    let records = 0;
    let bytes = 0;
    let logBytes = 0;
    let metadata: Record<string, unknown> | null = null;
    let failure: { kind: ErrorKind; message: string } | null = null;
    let reportedError: { kind: string; message: string } | null = null;
    let stoppedEarly = false;
    let stopping = false;
    let sinkChain: Promise<void> = Promise.resolve();
    let exitCode: number | null = null;
    let stderrTail = "";

    const killGroup = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const stop = (kind: ErrorKind | null, message?: string) => {
      if (stopping) return;
      stopping = true;
      if (kind) failure = { kind, message: message! };
      killGroup();
    };

    const timer = setTimeout(() => stop("timeout", `Time limit of ${Math.round(limits.wallMs / 1000)} s reached; the script was stopped`), limits.wallMs);
    const onAbort = () => stop("cancelled", "The run was cancelled");
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });

    const log = (stream: LogStream, line: string) => {
      logBytes += line.length + 1;
      if (logBytes > limits.logBytes) {
        stop("log_limit", `Log limit of ${describeBytes(limits.logBytes)} reached; the script was stopped`);
        return;
      }
      options.onLog(stream, line.length > LOG_LINE_MAX ? `${line.slice(0, LOG_LINE_MAX)}… [line cut at ${LOG_LINE_MAX} characters]` : line);
    };
    const lines = (stream: Readable, onLine: (line: string) => void, onChunk?: (text: string) => void) => {
      let rest = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        onChunk?.(chunk);
        const parts = (rest + chunk).split("\n");
        rest = parts.pop()!;
        for (const p of parts) onLine(p);
      });
      stream.on("end", () => rest && onLine(rest));
    };

    lines(child.stdout!, (l) => log("stdout", l));
    lines(
      child.stderr!,
      (l) => (l.startsWith("[sandbox] ") ? log("system", l.slice(10)) : log("stderr", l)),
      (t) => (stderrTail = (stderrTail + t).slice(-4000)),
    );
    lines(child.stdio[4] as Readable, (l) => {
      if (!l) return;
      try {
        const msg = JSON.parse(l) as { type: string; value?: unknown; kind?: string; message?: string };
        if (msg.type === "metadata") metadata = msg.value as Record<string, unknown>;
        if (msg.type === "error") reportedError = { kind: msg.kind ?? "exception", message: msg.message ?? "" };
      } catch {
        // not ours: ignore
      }
    });

    const recordsStream = child.stdio[3] as Readable;
    let rest = "";
    recordsStream.setEncoding("utf8");
    recordsStream.on("data", (chunk: string) => {
      if (stopping) return;
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
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
    child.stdin!.end(
      JSON.stringify({
        script: dir.scriptPath,
        metadata: options.metadata,
        connection: options.connection,
        pythonPath: options.pythonPath ?? [],
      }),
    );

    child.on("exit", (code) => {
      exitCode = code;
      // Anything the script started in the background goes with it.
      setTimeout(killGroup, 500).unref();
    });
    child.on("error", (e) => stop("exit", `Could not start the ${options.language} runtime: ${e.message}`));
    child.on("close", async () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      await sinkChain.catch(() => {});
      if (rest.trim() && !stopping) {
        failure ??= { kind: "invalid_record", message: "The last record was cut off" };
      }
      let error: { kind: ErrorKind; message: string } | null = failure;
      if (!error && !stoppedEarly && exitCode !== 0) {
        const reported = reportedError as { kind: string; message: string } | null;
        if (reported?.kind === "memory" || /heap out of memory|MemoryError|Cannot allocate memory/.test(stderrTail)) {
          error = { kind: "memory", message: `Memory limit of ${limits.memoryMb} MB reached; the script was stopped` };
        } else if (reported) {
          error = { kind: "exception", message: reported.message };
        } else {
          error = { kind: "exit", message: `The script exited with code ${exitCode ?? "unknown (killed)"}` };
        }
      }
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
    });
  });
}
