import crypto from "node:crypto";
import { Redis } from "ioredis";

/**
 * The machine's Redis for the distributed phase: REDIS_URL (default 127.0.0.1:6379) and a key
 * prefix of this run's own, set in this process's environment so every server started after
 * inherits both. Fails loudly when Redis does not answer: the phase cannot run without it.
 */
export async function redisForSuite(): Promise<{ drop: () => Promise<void> }> {
  const url = (process.env.REDIS_URL ||= "redis://127.0.0.1:6379");
  const prefix = (process.env.SWITCHYARD_QUEUE_PREFIX = `switchyard-e2e-${crypto.randomBytes(4).toString("hex")}`);
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  await client.connect().catch((e) => {
    throw new Error(`The distributed e2e phase needs Redis at ${url} (the queue engine): ${(e as Error).message}`);
  });
  return {
    drop: async () => {
      for (let cursor = "0"; ; ) {
        const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
        if (keys.length) await client.del(...keys);
        if ((cursor = next) === "0") break;
      }
      client.disconnect();
    },
  };
}
