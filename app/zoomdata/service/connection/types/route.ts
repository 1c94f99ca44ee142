import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { CONNECTION_TYPES, zoomdataErrors } from "@/lib/compat/zoomdata";
import { zoomdataTypeSchema } from "@/lib/compat/zoomdata-schemas";

// Zoomdata: the connection types, each with its id and whether it is EDC-based.
export const GET = apiRoute({ role: "admin", basicAuth: true, output: z.array(zoomdataTypeSchema), errors: zoomdataErrors }, () =>
  CONNECTION_TYPES.map(({ id, name, type, subStorageType, edcBased }) => ({ id, name, storageType: type, subStorageType, edcBased, edc: edcBased })),
);
