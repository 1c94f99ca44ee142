// Destination kinds a feed can load into. Which are offered depends on the workspace's warehouse.
export const DESTINATION_TYPES = ["sqlite", "postgres", "redshift", "snowflake", "files"] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

export const WAREHOUSE_TYPES = ["sqlite", "postgres", "redshift", "snowflake"] as const;
export type WarehouseType = (typeof WAREHOUSE_TYPES)[number];

// DESIGN §6 / Peak: "Redshift users will see Redshift and S3 as options, while users of Snowflake will see Snowflake only."
export const OFFERED_DESTINATIONS: Record<WarehouseType, DestinationType[]> = {
  sqlite: ["sqlite", "files"],
  postgres: ["postgres", "files"],
  redshift: ["redshift", "files"],
  snowflake: ["snowflake"],
};

export const DESTINATION_LABELS: Record<DestinationType, string> = {
  sqlite: "SQLite warehouse",
  postgres: "PostgreSQL",
  redshift: "Redshift",
  snowflake: "Snowflake",
  files: "Files (NDJSON)",
};

export const WAREHOUSE_LABELS: Record<WarehouseType, string> = {
  sqlite: "Embedded SQLite",
  postgres: "PostgreSQL",
  redshift: "Redshift",
  snowflake: "Snowflake",
};
