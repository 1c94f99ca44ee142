import { z } from "zod";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
import { OFFERED_DESTINATIONS, WAREHOUSE_TYPES, type DestinationType, type WarehouseType } from "./types";

const host = z.string().trim().min(1, { error: "Enter the host" }).max(255);
const ident = z
  .string()
  .trim()
  .min(1, { error: "Required" })
  .max(63)
  .regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, { error: "Letters, digits and underscores, starting with a letter" });

const pgLike = {
  host,
  database: z.string().trim().min(1, { error: "Enter the database" }).max(63),
  user: z.string().trim().min(1, { error: "Enter the user" }).max(63),
  password: z.string().max(500).default(""),
  schema: ident.default("public"),
  ssl: z.boolean().default(false),
};

export const warehouseSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("sqlite") }),
    z.object({ type: z.literal("postgres"), port: z.number().int().min(1).max(65535).default(5432), ...pgLike }),
    z.object({ type: z.literal("redshift"), port: z.number().int().min(1).max(65535).default(5439), ...pgLike }),
    z.object({
      type: z.literal("snowflake"),
      account: z.string().trim().min(1, { error: "Enter the account identifier" }).max(255),
      user: z.string().trim().min(1, { error: "Enter the user" }).max(255),
      password: z.string().max(500).default(""),
      warehouse: ident,
      database: ident,
      schema: ident.default("PUBLIC"),
      role: z.string().trim().max(255).optional(),
    }),
  ],
  { error: "Warehouse type must be sqlite, postgres, redshift or snowflake" },
);
export type Warehouse = z.infer<typeof warehouseSchema>;

// PUT /api/settings/warehouse: a switch that leaves feeds' destinations behind is refused (409)
// unless the caller agrees to pause those feeds.
export const warehouseUpdateSchema = z.intersection(warehouseSchema, z.object({ pauseAffected: z.boolean().optional() }));
export type WarehouseUpdate = z.infer<typeof warehouseUpdateSchema>;

export const affectedFeedsQuerySchema = z.object({ type: z.enum(WAREHOUSE_TYPES, { error: "type must be sqlite, postgres, redshift or snowflake" }) });

// The feeds a switch to `type` would break: active or paused feeds loading into a destination it does not offer.
export const affectedFeedsSchema = z.object({
  type: z.enum(WAREHOUSE_TYPES),
  offered: z.array(z.string()),
  feeds: z.array(z.object({ id: z.number(), name: z.string().nullable(), status: z.string(), destinations: z.array(z.string()), notOffered: z.array(z.string()) })),
});
export type AffectedFeeds = z.infer<typeof affectedFeedsSchema>;

export const destinationOptionSchema = z.object({
  type: z.string(),
  label: z.string(),
  description: z.string(),
});

export const warehouseOutSchema = z.object({
  warehouse: z.record(z.string(), z.unknown()),
  destinations: z.array(destinationOptionSchema),
  multiple: z.boolean(),
});

export function maskWarehouse(w: Warehouse): Record<string, unknown> {
  return "password" in w ? { ...w, password: w.password ? SECRET_MASK : "" } : { ...w };
}

const FILES_LABEL: Record<WarehouseType, string> = {
  sqlite: "Local files",
  postgres: "Object storage (files)",
  redshift: "S3 (files)",
  snowflake: "",
};

export function destinationOptions(type: WarehouseType) {
  return OFFERED_DESTINATIONS[type].map((d: DestinationType) => ({
    type: d,
    label: d === "files" ? FILES_LABEL[type] : { sqlite: "SQLite warehouse", postgres: "PostgreSQL", redshift: "Redshift", snowflake: "Snowflake", files: "" }[d],
    description: {
      sqlite: "One table per feed in DATA_DIR/warehouse.db",
      postgres: "One table per feed in the warehouse's schema",
      redshift: "One table per feed, loaded over the PostgreSQL protocol",
      snowflake: "One table per feed in the warehouse's database and schema",
      files: "One NDJSON file per run under DATA_DIR/files/<feed>/",
    }[d],
  }));
}
