import "server-only";
import { resolveRunConnection } from "@/lib/connections/rest-service";
import type { FeedState, Loader } from "@/lib/destinations/destination";
import { destinationFor } from "@/lib/destinations/registry";
import type { DestinationType } from "@/lib/destinations/types";
import { log } from "@/lib/log";
import { ensureDependencies } from "@/lib/runners/deps";
import { LOAD_RUN_LIMITS, TEST_RUN_LIMITS } from "@/lib/runners/limits";
import { runScript, type ScriptRecord } from "@/lib/runners/run-script";
import { RunLogWriter } from "./log-writer";
import { createSecretMasker, maskerFor } from "./mask-secrets";
import { getRun, isCancelRequested, updateRun, type RunSnapshot } from "./service";

export const PREVIEW_RECORDS = 10;

export type RunOutcome = { status: "succeeded" | "failed" | "cancelled"; error: string | null };

/** The state a run starts from: the primary destination's committed state, or {}. */
export async function currentState(feedId: number | null, snapshot: RunSnapshot): Promise<FeedState> {
  if (!feedId || !snapshot.table || snapshot.destinations.length === 0) return {};
  try {
    return (await destinationFor(snapshot.destinations[0] as DestinationType).readState(feedId, snapshot.table)) ?? {};
  } catch {
    return {};
  }
}

/**
 * Executes one run (test or load) to the end and records the outcome. A load run writes to every
 * destination inside one transaction each and commits records and the saved metadata together;
 * anything short of success rolls every destination back.
 */
export async function executeRun(runId: number, external?: AbortSignal): Promise<RunOutcome> {
  const run = getRun(runId);
  const snapshot = run.snapshot as unknown as RunSnapshot;
  const logs = new RunLogWriter(runId);
  const isLoad = run.kind === "load";
  const controller = new AbortController();
  external?.addEventListener("abort", () => controller.abort(), { once: true });
  const started = new Date();
  updateRun(runId, { status: "running", startedAt: started });

  const preview: ScriptRecord[] = [];
  const columns = new Set<string>();
  let records = 0;
  let bytes = 0;
  const loaders: Loader[] = [];
  // Replaced once the connection is resolved: everything stored for the run goes through it.
  let masker = maskerFor([]);
  const progress = setInterval(() => {
    updateRun(runId, { records, bytes });
    if (isCancelRequested(runId)) controller.abort();
  }, 1000);

  const finish = (status: RunOutcome["status"], unmasked: string | null, errorKind: string | null = null): RunOutcome => {
    clearInterval(progress);
    // Masked here, so the run, its watchers and the job's own record all get the masked text.
    const error = unmasked === null ? null : masker.text(unmasked);
    logs.system(status === "succeeded" ? `Run succeeded: ${records} record(s)` : `Run ${status}: ${error}`);
    logs.flush();
    updateRun(runId, {
      status,
      error,
      errorKind,
      finishedAt: new Date(),
      records,
      bytes,
      preview,
      columns: [...columns].map(masker.text),
    });
    return { status, error };
  };

  try {
    logs.system(`${isLoad ? "Load" : "Test"} run #${runId} started (${snapshot.language}${isLoad ? `, ${snapshot.loadType}, into ${snapshot.destinations.join(", ")}` : ""})`);
    const { connection, secrets } = await resolveRunConnection(snapshot.connectionId);
    masker = createSecretMasker(connection, secrets);
    logs.useMasker(masker);
    if (connection.type === "custom") logs.system(`Custom Auth request answered HTTP ${connection.auth.status}`);
    const pythonPath =
      snapshot.language === "python" && snapshot.dependencies.length ? [(await ensureDependencies(snapshot.dependencies, (l) => logs.system(l)))!] : [];
    const state = await currentState(run.feedId, snapshot);
    if (isLoad) {
      for (const type of snapshot.destinations) {
        loaders.push(await destinationFor(type as DestinationType).open({ feedId: run.feedId!, table: snapshot.table!, runId, loadType: snapshot.loadType }));
      }
    }
    if (controller.signal.aborted) throw new Error("cancelled");

    const result = await runScript({
      language: snapshot.language,
      script: snapshot.script,
      metadata: state,
      connection,
      pythonPath,
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
        for (const loader of loaders) await loader.write(batch);
      },
    });

    if (!result.ok) {
      await Promise.allSettled(loaders.map((l) => l.rollback()));
      if (result.errorKind === "cancelled") return finish("cancelled", "Cancelled by request; nothing was loaded", "cancelled");
      if (result.error) logs.write("stderr", result.error);
      return finish("failed", result.error, result.errorKind);
    }
    if (isLoad) {
      const saved = result.metadata;
      if (saved) logs.system(`State saved by the script: ${JSON.stringify(saved).slice(0, 500)}`);
      for (let i = 0; i < loaders.length; i++) {
        try {
          await loaders[i].commit(saved);
        } catch (e) {
          await Promise.allSettled(loaders.slice(i + 1).map((l) => l.rollback()));
          throw new Error(`Committing to ${snapshot.destinations[i]} failed: ${(e as Error).message}`);
        }
      }
    }
    return finish("succeeded", null);
  } catch (e) {
    await Promise.allSettled(loaders.map((l) => l.rollback()));
    const message = controller.signal.aborted ? "Cancelled by request; nothing was loaded" : (e as Error).message;
    if (!controller.signal.aborted) log.warn("Run failed", { runId, error: masker.text(message) });
    return finish(controller.signal.aborted ? "cancelled" : "failed", message, controller.signal.aborted ? "cancelled" : "setup");
  }
}
