// Defaults for every script run; a feed may lower them, the server caps them.
export type RunLimits = {
  wallMs: number;
  /** Memory for the whole process tree (cgroup), or the address space per process where no cgroup can be made. */
  memoryMb: number;
  logBytes: number;
  outputBytes: number;
  /** Processes and threads the run may have at once. */
  maxProcs: number;
  openFiles: number;
  /** Size of the run's private /tmp (it counts against memory too). */
  tmpMb: number;
};

// Peak: "A maximum of 10 records can be shown in the preview". A test run ends, and passes, once the
// script has written this many records.
export const TEST_PREVIEW_RECORDS = 10;
export const TEST_RUN_LIMITS: RunLimits = { wallMs: 60_000, memoryMb: 1024, logBytes: 2_000_000, outputBytes: 50_000_000, maxProcs: 128, openFiles: 1024, tmpMb: 256 };
export const LOAD_RUN_LIMITS: RunLimits = { wallMs: 60 * 60_000, memoryMb: 2048, logBytes: 10_000_000, outputBytes: 20_000_000_000, maxProcs: 256, openFiles: 4096, tmpMb: 1024 };
// pip builds wheels (compilers, build backends): more processes and /tmp, a shorter clock.
export const PIP_LIMITS: RunLimits = { wallMs: 10 * 60_000, memoryMb: 2048, logBytes: 2_000_000, outputBytes: 0, maxProcs: 256, openFiles: 4096, tmpMb: 2048 };

export function describeBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(n % 1e9 ? 1 : 0)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(n % 1e6 ? 1 : 0)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} bytes`;
}

export function describeDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** A run's limits in words, e.g. "60 s, 1024 MB of memory, 50 MB of records, 2 MB of log", for the UI and docs. */
export function describeLimits(l: RunLimits): string {
  return `${describeDuration(l.wallMs)}, ${l.memoryMb} MB of memory, ${describeBytes(l.outputBytes)} of records, ${describeBytes(l.logBytes)} of log`;
}

/** What the Import step says before a test starts. */
export function describeTestLimits(): string {
  return `A test ends, and passes, once the script has written ${TEST_PREVIEW_RECORDS} records (the preview). It may use at most ${describeLimits(TEST_RUN_LIMITS)}, and writes nothing.`;
}
