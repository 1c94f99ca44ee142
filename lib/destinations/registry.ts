import "server-only";
import type { Destination } from "./destination";
import { filesDestination } from "./files";
import { postgresDestination } from "./postgres";
import { snowflakeDestination } from "./snowflake";
import { sqliteWarehouse } from "./sqlite-warehouse";
import type { DestinationType } from "./types";
import { getWarehouse, warehouseForUse } from "./warehouse";

/** The destination of a type, configured from the workspace's warehouse setting. */
export async function destinationFor(type: DestinationType): Promise<Destination> {
  const w = await getWarehouse();
  if (type === "sqlite") return sqliteWarehouse;
  if (type === "files") return filesDestination;
  if ((type === "postgres" || type === "redshift") && w.type === type) return postgresDestination(warehouseForUse(w) as typeof w);
  if (type === "snowflake" && w.type === "snowflake") return snowflakeDestination(warehouseForUse(w) as typeof w);
  throw new Error(`The ${type} destination is not available: the workspace's warehouse is ${w.type}`);
}
