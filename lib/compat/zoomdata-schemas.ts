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

export const zoomdataTypeSchema = z.object({ id: z.string(), name: z.string(), storageType: z.string(), subStorageType: z.string(), edcBased: z.boolean(), edc: z.boolean() });
export const zoomdataConnectionOutSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  subStorageType: z.string(),
  connectionTypeId: z.string(),
  parameters: z.object({ JDBC_URL: z.string().nullable(), USER_NAME: z.string().nullable(), PASSWORD: z.string().nullable() }), // null, or the password's secret reference as written
  created: z.string(),
  lastModified: z.string(),
});
export const zoomdataObjectSchema = z.object({ name: z.string(), schema: z.string(), type: z.enum(["TABLE", "VIEW"]) });
export const zoomdataObjectsQuerySchema = z.object({ schema: z.string().optional() });
export const zoomdataErrorSchema = z.object({ timestamp: z.number(), status: z.number(), error: z.string(), message: z.string() });
