import "server-only";
import { getDb } from "@/lib/db/client";
import { runLogs } from "@/lib/db/schema";
import type { LogStream } from "@/lib/runners/run-script";

/**
 * Buffers a run's log lines and writes them in small batches, so a chatty script does not cost one
 * database write per line. Known secret values (connection passwords, auth headers) are masked.
 */
export class RunLogWriter {
  private seq = 0;
  private pending: { runId: number; seq: number; at: Date; stream: LogStream; line: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private secrets: string[] = [];

  constructor(private runId: number) {}

  addSecrets(values: string[]) {
    this.secrets.push(...values.filter((v) => v && v.length >= 4));
  }

  write(stream: LogStream, line: string) {
    let text = line;
    for (const s of this.secrets) if (text.includes(s)) text = text.split(s).join("••••");
    this.pending.push({ runId: this.runId, seq: ++this.seq, at: new Date(), stream, line: text });
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
