import { z } from "zod";

// The body Zoomdata's sample client sends to create or update a connection (seed 000).
export const zoomdataConnectionSchema = z.object({
  connectionTypeId: z.string().nullish(),
  name: z.string({ error: "name is required" }).trim().min(1, { error: "name is required" }).max(100),
  subStorageType: z.string().nullish(),
  type: z.string({ error: "type is required" }).trim().min(1, { error: "type is required" }),
  parameters: z.object({
    JDBC_URL: z.string({ error: "parameters.JDBC_URL is required" }).trim().min(1, { error: "parameters.JDBC_URL is required" }),
    USER_NAME: z.string().nullish(),
    PASSWORD: z.string().nullish(),
  }),
});
export type ZoomdataConnectionInput = z.infer<typeof zoomdataConnectionSchema>;
