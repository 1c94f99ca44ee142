import "server-only";
import { inTransaction, inTransactionNow } from "@/lib/db/tx";
import { runLogs } from "@/lib/db/tables";
import { log } from "@/lib/log";
import type { LogStream } from "@/lib/runners/run-script";
import { maskerFor, type SecretMasker } from "./mask-secrets";

/**
 * Buffers a run's log lines and writes them in small batches, so a chatty script does not cost one
 * database write per line. Every line is masked with the run's secret masker (lib/runs/mask-secrets.ts)
 * before it is stored, so the API, the event stream and the console only ever see the masked text.
 * Each batch is one transaction, and the batches are stored one after another in the order written.
 */
export class RunLogWriter {
  private seq = 0;
  private pending: { runId: number; seq: number; at: Date; stream: LogStream; line: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private masker: SecretMasker = maskerFor([]);
  // The batch being stored (and those before it): the next one waits for it.
  private stored: Promise<void> = Promise.resolve();

  constructor(private runId: number) {}

  /** Set once the run's connection is resolved; lines written before it carry no secrets. */
  useMasker(masker: SecretMasker) {
    this.masker = masker;
  }

  write(stream: LogStream, line: string) {
    this.pending.push({ runId: this.runId, seq: ++this.seq, at: new Date(), stream, line: this.masker.text(line) });
    if (this.pending.length >= 500) this.flushInBackground();
    else this.timer ??= setTimeout(() => this.flushInBackground(), 200);
  }

  system(line: string) {
    this.write("system", line);
  }

  /** Stores what is buffered, after the batches before it; resolves once it is stored. */
  flush(): Promise<void> {
    // It waits for batches a timer started, each in a transaction of its own: awaited inside one,
    // it would wait for the lock its caller holds.
    if (inTransactionNow()) return Promise.reject(new Error("A run's log is flushed outside transactions"));
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pending;
    this.pending = [];
    const batch = this.stored.then(async () => {
      if (rows.length) await inTransaction((tx) => tx.insert(runLogs).values(rows));
    });
    // A failed batch is reported to whoever flushed it; the next one is still stored.
    this.stored = batch.catch(() => {});
    return batch;
  }

  // What the script writes is not awaited by it: a batch that cannot be stored is logged here.
  private flushInBackground() {
    this.flush().catch((e) => log.warn("Could not store a run's log lines", { runId: this.runId, error: (e as Error).message }));
  }
}
