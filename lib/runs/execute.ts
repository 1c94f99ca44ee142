import "server-only";
import os from "node:os";
import { resolveRunConnection } from "@/lib/connections/rest-service";
import type { DestinationOutcome } from "@/lib/db/tables";
import type { FeedState, Loader } from "@/lib/destinations/destination";
import { destinationFor } from "@/lib/destinations/registry";
import type { DestinationType } from "@/lib/destinations/types";
import { inTransactionNow } from "@/lib/db/tx";
import { log } from "@/lib/log";
import { ensureDependencies } from "@/lib/runners/deps";
import { LOAD_RUN_LIMITS, TEST_PREVIEW_RECORDS, TEST_RUN_LIMITS } from "@/lib/runners/limits";
import { runScript, type LiveConnection, type ScriptRecord, type ScriptRunResult } from "@/lib/runners/run-script";
import { RunLogWriter } from "./log-writer";
import { createSecretMasker, maskerFor } from "./mask-secrets";
import { getRun, RUN_HEARTBEAT_MS, shouldStop, updateRun, type RunSnapshot } from "./service";

// A test ends once the preview is full; load runs keep the same first records as their preview.
const PREVIEW_RECORDS = TEST_PREVIEW_RECORDS;

export type RunOutcome = { status: "succeeded" | "failed" | "cancelled"; error: string | null };

/** The state a run starts from: the primary destination's committed state, or {}. */
export async function currentState(feedId: number | null, snapshot: RunSnapshot): Promise<FeedState> {
  if (!feedId || !snapshot.table || snapshot.destinations.length === 0) return {};
  try {
    return (await (await destinationFor(snapshot.destinations[0] as DestinationType)).readState(feedId, snapshot.table)) ?? {};
  } catch {
    return {};
  }
}

/** JSON with object keys sorted, so two equal states compare equal whatever order their keys were saved in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

type Pass = { state: FeedState; indexes: number[] };

/**
 * The passes of a load run: the destinations grouped by the state each has committed, in the feed's
 * order. Usually there is one pass. After a run that committed to some destinations and not others
 * their states differ, and the script then runs once per group, each from that group's own state:
 * a destination that is behind gets what it missed, one that is ahead does not get it again.
 */
async function planPasses(snapshot: RunSnapshot, feedId: number): Promise<Pass[]> {
  const passes = new Map<string, Pass>();
  for (const [i, type] of snapshot.destinations.entries()) {
    // A state that cannot be read fails the run: starting from {} would load everything again.
    const state = (await (await destinationFor(type as DestinationType)).readState(feedId, snapshot.table!)) ?? {};
    const key = canonical(state);
    const pass = passes.get(key) ?? { state, indexes: [] };
    pass.indexes.push(i);
    passes.set(key, pass);
  }
  return [...passes.values()];
}

/**
 * Executes one run (test or load) to the end and records the outcome. A load run writes to each
 * destination inside that destination's own transaction, which commits the records together with
 * the state the script saved; the destinations are committed one after another, so they cannot
 * commit as one. When a commit fails, the destinations committed before it keep the run's rows and
 * its state, the failing one and those after it are rolled back, and the run records each one's
 * outcome (`destinations`) and shows as partially loaded. Since every destination keeps its own
 * state beside its data, the next run resumes each from where that destination stands
 * (planPasses): nothing is loaded twice and nothing is skipped.
 */
export async function executeRun(runId: number, external?: AbortSignal, executor = `the console (${os.hostname()}:${process.pid})`): Promise<RunOutcome> {
  // A run holds no transaction: it writes in short ones of its own while its script runs for minutes.
  if (inTransactionNow()) throw new Error(`Run ${runId} started inside a transaction: execute runs outside one`);
  const run = await getRun(runId);
  // Every run is created with its snapshot (createRun, enqueueLoadRun); the column is nullable only in SQL.
  const snapshot = run.snapshot;
  if (!snapshot) throw new Error(`Run ${runId} has no snapshot of its feed`);
  const logs = new RunLogWriter(runId);
  const isLoad = run.kind === "load";
  const controller = new AbortController();
  external?.addEventListener("abort", () => controller.abort(), { once: true });
  const started = new Date();
  await updateRun(runId, { status: "running", startedAt: started, heartbeatAt: started });

  const preview: ScriptRecord[] = [];
  const columns = new Set<string>();
  // Written: every record the script wrote, in every pass. Loaded: those committed to a destination.
  let records = 0;
  let recordsLoaded = 0;
  let bytes = 0;
  const outcomes: DestinationOutcome[] | null = isLoad ? snapshot.destinations.map((type) => ({ type, status: "skipped", records: 0, error: null })) : null;
  // The loaders of the pass under way, by destination index, until each is committed or rolled back.
  const open = new Map<number, Loader>();
  let errorKind = "setup";
  // The reaper ended the run while this process had stalled: its verdict stands, only the counts are added.
  let endedElsewhere = false;
  // Replaced once the connection is resolved: everything stored for the run goes through it.
  let masker = maskerFor([]);
  // The beat under way, if any: the next one is skipped rather than stacked behind it, and finish
  // waits for it, so no beat lands after the run's outcome is stored.
  let beat: Promise<void> | null = null;
  const heartbeat = async () => {
    try {
      // The heartbeat tells the reaper someone is still executing the run (lib/runs/service.ts).
      await updateRun(runId, { records, bytes, heartbeatAt: new Date() });
      const stop = await shouldStop(runId);
      if (stop === "ended") endedElsewhere = true;
      if (stop) controller.abort();
    } catch (e) {
      log.warn("Run heartbeat failed", { runId, error: (e as Error).message });
    } finally {
      beat = null;
    }
  };
  const progress = setInterval(() => {
    beat ??= heartbeat();
  }, RUN_HEARTBEAT_MS);

  const settle = (i: number, outcome: Omit<DestinationOutcome, "type">) => {
    open.delete(i);
    if (outcomes) outcomes[i] = { type: outcomes[i].type, ...outcome, error: outcome.error === null ? null : masker.text(outcome.error) };
  };
  // The destinations of the pass under way that are not open yet (see openPass below).
  let unopened: number[] = [];
  const rollbackOpen = async () => {
    const pending = [...open.entries()];
    await Promise.allSettled(pending.map(([, l]) => l.rollback()));
    for (const [i] of pending) settle(i, { status: "rolled_back", records: 0, error: null });
    for (const i of unopened) settle(i, { status: "rolled_back", records: 0, error: null });
    unopened = [];
  };
  const committed = () => (outcomes ?? []).filter((d) => d.status === "committed").map((d) => d.type);
  const nothingLoaded = () => {
    const done = committed();
    return done.length ? `${recordsLoaded} record(s) had already been committed to ${done.join(", ")}; the rest was rolled back` : "nothing was loaded";
  };

  const finish = async (status: RunOutcome["status"], unmasked: string | null, errorKind: string | null = null): Promise<RunOutcome> => {
    clearInterval(progress);
    await beat;
    // Masked here, so the run, its watchers and the job's own record all get the masked text.
    const error = unmasked === null ? null : masker.text(unmasked);
    const counts = isLoad ? `${records} record(s) written, ${recordsLoaded} loaded` : `${records} record(s)`;
    // Checked again here: a worker that lost its job's lease aborts at once, after the reaper has
    // already failed the run (worker_lost) and queued its retry; that verdict must stand.
    if (endedElsewhere || (await shouldStop(runId)) === "ended") {
      logs.system(`Stopped (${counts}): the run had already been ended as orphaned`);
      await logs.flush();
      await updateRun(runId, { records, recordsLoaded, destinations: outcomes, bytes });
      return { status: "failed", error: "The run had already been ended as orphaned" };
    }
    logs.system(status === "succeeded" ? `Run succeeded: ${counts}` : `Run ${status} (${counts}): ${error}`);
    await logs.flush();
    await updateRun(runId, {
      status,
      error,
      errorKind,
      finishedAt: new Date(),
      heartbeatAt: new Date(),
      records,
      recordsLoaded,
      destinations: outcomes,
      bytes,
      preview,
      columns: [...columns].map(masker.text),
    });
    return { status, error };
  };

  const runPass = (state: FeedState, onBatch: (batch: ScriptRecord[]) => Promise<void>, setup: { connection: Record<string, unknown>; pythonPath: string[]; live?: LiveConnection }) =>
    runScript({
      language: snapshot.language,
      script: snapshot.script,
      metadata: state,
      connection: setup.connection,
      pythonPath: setup.pythonPath,
      live: setup.live,
      limits: isLoad ? LOAD_RUN_LIMITS : TEST_RUN_LIMITS,
      maxRecords: isLoad ? undefined : PREVIEW_RECORDS,
      signal: controller.signal,
      onLog: (stream, line) => logs.write(stream, line),
      onRecords: async (batch, batchBytes) => {
        records += batch.length;
        bytes += batchBytes;
        for (const r of batch) {
          // What the console shows is masked; the loaded records are the data as the script wrote it.
          if (preview.length < PREVIEW_RECORDS) preview.push(masker.value(r));
          if (columns.size < 500 && preview.length <= PREVIEW_RECORDS) for (const k of Object.keys(r)) columns.add(k);
        }
        await onBatch(batch);
      },
    });

  const scriptFailed = (result: ScriptRunResult): Promise<RunOutcome> => {
    if (result.errorKind === "cancelled") return finish("cancelled", `Cancelled by request; ${nothingLoaded()}`, "cancelled");
    if (result.error) logs.write("stderr", result.error);
    return finish("failed", result.error, result.errorKind);
  };

  try {
    logs.system(`${isLoad ? "Load" : "Test"} run #${runId} started on ${executor} (${snapshot.language}${isLoad ? `, ${snapshot.loadType}, into ${snapshot.destinations.join(", ")}` : ""})`);
    const { connection, secrets, refreshAt } = await resolveRunConnection(snapshot.connectionId);
    masker = createSecretMasker(connection, secrets);
    // OAuth 2.0: new headers before the access token expires; their values join the masked secrets.
    const known = [...secrets];
    const live: LiveConnection | undefined = refreshAt
      ? {
          at: refreshAt,
          next: async () => {
            const fresh = await resolveRunConnection(snapshot.connectionId);
            known.push(...fresh.secrets);
            masker = createSecretMasker(connection, known);
            logs.useMasker(masker);
            const ready = fresh.connection as { headers?: Record<string, string>; params?: Record<string, string> };
            return { headers: ready.headers ?? {}, params: ready.params ?? {}, at: fresh.refreshAt ?? null };
          },
        }
      : undefined;
    logs.useMasker(masker);
    if (connection.type === "custom") logs.system(`Custom Auth request answered HTTP ${connection.auth.status}`);
    const pythonPath =
      snapshot.language === "python" && snapshot.dependencies.length ? [(await ensureDependencies(snapshot.dependencies, (l) => logs.system(l)))!] : [];
    const setup = { connection, pythonPath, live };

    if (!isLoad) {
      const state = await currentState(run.feedId, snapshot);
      if (controller.signal.aborted) throw new Error("cancelled");
      const result = await runPass(state, async () => {}, setup);
      // Awaited here, so a store error while finishing is handled below like any other failure.
      return await (result.ok ? finish("succeeded", null) : scriptFailed(result));
    }

    const passes = await planPasses(snapshot, run.feedId!);
    if (passes.length > 1) {
      logs.system(
        `The destinations stand at different states (an earlier run committed to some of them only), so the script runs once for each: ${passes
          .map((p) => `${p.indexes.map((i) => snapshot.destinations[i]).join(" + ")} from ${JSON.stringify(p.state).slice(0, 200)}`)
          .join("; ")}`,
      );
    }
    for (const pass of passes) {
      // The pass's destinations are opened when the script writes its first record (or before the
      // commit, when it writes none), not before it starts: an open destination may hold a lock
      // (the SQLite warehouse holds its one write lock, shared by every worker process on this
      // DATA_DIR), and a script waits on its API far longer than its load takes.
      unopened = [...pass.indexes];
      let openFailed: Error | null = null;
      const openPass = async () => {
        while (unopened.length) {
          const i = unopened[0];
          const type = snapshot.destinations[i] as DestinationType;
          try {
            open.set(i, await (await destinationFor(type)).open({ feedId: run.feedId!, table: snapshot.table!, runId, loadType: snapshot.loadType, log: (line) => logs.system(line), signal: controller.signal }));
          } catch (e) {
            openFailed = e as Error;
            throw e;
          }
          unopened.shift();
        }
        return pass.indexes.map((i) => open.get(i)!);
      };
      if (controller.signal.aborted) throw new Error("cancelled");
      let written = 0;
      const result = await runPass(
        pass.state,
        async (batch) => {
          const loaders = await openPass();
          written += batch.length;
          for (const loader of loaders) await loader.write(batch);
        },
        setup,
      );
      // A destination that could not be opened fails the run as it did when opened up front.
      if (!result.ok && openFailed) throw openFailed;
      if (!result.ok) {
        await rollbackOpen();
        return await scriptFailed(result);
      }
      await openPass();
      const saved = result.metadata;
      if (saved) logs.system(`State saved by the script: ${JSON.stringify(saved).slice(0, 500)}`);
      let counted = false;
      for (const i of pass.indexes) {
        const type = snapshot.destinations[i];
        try {
          await open.get(i)!.commit(saved);
        } catch (e) {
          settle(i, { status: "failed", records: 0, error: (e as Error).message });
          await rollbackOpen();
          errorKind = "commit";
          throw new Error(`Committing to ${type} failed: ${(e as Error).message}${committed().length ? ` (${committed().join(", ")} had already committed this run's records and state)` : ""}`);
        }
        settle(i, { status: "committed", records: written, error: null });
        // Loaded counts the pass's records once, as soon as one destination holds them.
        if (!counted) recordsLoaded += written;
        counted = true;
        // Recorded at once: a worker lost before the next commit leaves a run that says what it committed.
        await updateRun(runId, { records, recordsLoaded, destinations: outcomes });
        logs.system(`Committed ${written} record(s) to ${type}`);
      }
    }
    return await finish("succeeded", null);
  } catch (e) {
    await rollbackOpen();
    const aborted = controller.signal.aborted;
    const message = aborted ? `Cancelled by request; ${nothingLoaded()}` : (e as Error).message;
    if (!aborted) log.warn("Run failed", { runId, error: masker.text(message) });
    return finish(aborted ? "cancelled" : "failed", message, aborted ? "cancelled" : errorKind);
  }
}
