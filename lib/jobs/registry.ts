import "server-only";
import { ScanJob } from "@/lib/databases/scan-job";
import { log } from "@/lib/log";
import { provisioningJobs } from "@/lib/provisioning/jobs";
import { LoadJob } from "@/lib/runs/load-job";
import { TestJob } from "@/lib/runs/test-job";
import { WatcherDeliveryJob } from "@/lib/runs/watchers";
import { parsePayload, type JobDefinition, type LostJob } from "./define";

// Every job the worker runs. A job type missing here is never claimed.
export const jobDefinitions: JobDefinition[] = [TestJob, LoadJob, WatcherDeliveryJob, ScanJob, ...provisioningJobs];

export function definitionOf(type: string): JobDefinition | undefined {
  return jobDefinitions.find((d) => d.id === type);
}

/** A job whose worker died: its definition's own rule (fail the run and retry it as a new one, …). */
export async function onLost(lost: LostJob): Promise<void> {
  const def = definitionOf(lost.job.type);
  if (!def?.onLost) return;
  const parsed = parsePayload(def, lost.job.payload);
  if (!parsed.ok) {
    log.error("Lost job has an invalid payload; nothing to clean up", { jobId: lost.job.id, error: parsed.error });
    return;
  }
  await def.onLost(parsed.payload, lost);
}
