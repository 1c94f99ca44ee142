import "server-only";
import { inArray } from "drizzle-orm";
import { z } from "zod";
import { inTransaction } from "@/lib/db/tx";
import { tableDescriptions } from "@/lib/db/tables";
import { defineJob } from "@/lib/jobs/define";
import { scanTables } from "./table-descriptions";

/** The background scan of a connection's tables (Dataherald's sync-schemas); tried once. */
export const ScanJob = defineJob({
  id: "tables.scan",
  payload: z.object({ connectionId: z.string().min(1), ids: z.array(z.string()) }),
  maxAttempts: 1,
  handler: async ({ connectionId, ids }, { signal }) => ({ status: "succeeded", result: await scanTables(connectionId, ids, signal) }),
  onLost: async ({ ids }) => {
    if (!ids.length) return;
    await inTransaction((tx) =>
      tx
        .update(tableDescriptions)
        .set({ status: "FAILED", errorMessage: "The worker scanning this table stopped (crashed or killed); scan it again" })
        .where(inArray(tableDescriptions.id, ids)),
    );
  },
});
