import "server-only";
import type { Destination } from "./destination";
import type { Warehouse } from "./warehouse-schemas";

type SnowflakeWarehouse = Extract<Warehouse, { type: "snowflake" }>;

// A workspace on Snowflake is offered Snowflake only (Peak's rule). This build ships no Snowflake
// driver and its machines cannot reach Snowflake, so loads fail with this message instead of
// pretending to succeed.
export function snowflakeDestination(w: SnowflakeWarehouse): Destination {
  const unavailable = () =>
    new Error(
      `Loading into Snowflake (${w.account}) is not available in this installation: it has no Snowflake driver and no route to ${w.account}.snowflakecomputing.com`,
    );
  return {
    type: "snowflake",
    readState: async () => null,
    writeState: async () => {
      throw unavailable();
    },
    open: async () => {
      throw unavailable();
    },
    columns: async () => {
      throw unavailable();
    },
    sampleRows: async () => [],
  };
}
