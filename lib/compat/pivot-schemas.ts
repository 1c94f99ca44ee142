import { z } from "zod";
import { druidConnectionSchema } from "@/lib/connections/druid-schemas";

// Imply Pivot's wire schemas (seed 001). Its connection object is the Druid connection's own
// fields; writes wrap it as {"connection": {...}}, errors are {"error": "<message>"}.

export const pivotWriteSchema = z.object({ connection: druidConnectionSchema });

// As stored (names and hosts are not checked again on the way out), secrets masked.
export const pivotConnectionOutSchema = druidConnectionSchema
  .extend({ name: z.string(), queryHosts: z.array(z.string()), fixed: z.boolean().optional() })
  .describe("key, passphrase and sockPassword come back masked");
export const pivotErrorSchema = z.object({ error: z.string() });
