import "server-only";
import { getDb } from "@/lib/db/client";
import { runLogs } from "@/lib/db/schema";
import type { LogStream } from "@/lib/runners/run-script";
import { maskerFor, type SecretMasker } from "./mask-secrets";

/**
 * Buffers a run's log lines and writes them in small batches, so a chatty script does not cost one
 * database write per line. Every line is masked with the run's secret masker (lib/runs/mask-secrets.ts)
 * before it is stored, so the API, the event stream and the console only ever see the masked text.
 */
export class RunLogWriter {
  private seq = 0;
  private pending: { runId: number; seq: number; at: Date; stream: LogStream; line: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private masker: SecretMasker = maskerFor([]);

  constructor(private runId: number) {}

  /** Set once the run's connection is resolved; lines written before it carry no secrets. */
  useMasker(masker: SecretMasker) {
    this.masker = masker;
  }

  write(stream: LogStream, line: string) {
    this.pending.push({ runId: this.runId, seq: ++this.seq, at: new Date(), stream, line: this.masker.text(line) });
    if (this.pending.length >= 500) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), 200);
  }

  system(line: string) {
    this.write("system", line);
  }

  flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length) return;
    const rows = this.pending;
    this.pending = [];
    getDb().insert(runLogs).values(rows).run();
  }
}
