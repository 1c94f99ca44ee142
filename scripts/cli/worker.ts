import { startWorker } from "@/lib/jobs/worker";
import { log } from "@/lib/log";
import { CliError, prepare, type Command } from "./command";

export const workerCommands: Record<string, Command> = {
  worker: {
    usage: "[--concurrency N]",
    options: { concurrency: { type: "string" } },
    async run(values) {
      const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)) {
        throw new CliError("--concurrency must be a whole number from 1 to 32", 2);
      }
      await prepare();
      const worker = await startWorker({ concurrency });
      // The worker's poll timer is unref'd (inside the server it must not hold the process open), and
      // a pending promise does not keep Node alive: without this the command exited at once, status 0.
      const alive = setInterval(() => {}, 60_000);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log.info(`Worker stopping (${signal}); running loads are cancelled and rolled back`);
          void worker.stop().then(() => {
            clearInterval(alive);
            resolve();
          });
        };
        // on, not once: Ctrl-C reaches this process twice (from the terminal and forwarded by
        // bin/switchyard.mjs), and a second signal must not kill the worker while it stops.
        let stopping = false;
        const once = (signal: string) => () => {
          if (!stopping) stop(signal);
          stopping = true;
        };
        process.on("SIGINT", once("SIGINT"));
        process.on("SIGTERM", once("SIGTERM"));
      });
    },
  },
};
