import "server-only";
import { z } from "zod";
import { apiRoute, type ErrorFormatter } from "@/lib/api/handler";
import { createDatabaseConnection, listDatabaseConnections, requireDatabaseConnection, updateDatabaseConnection } from "@/lib/databases/service";
import { listTableDescriptions, refreshTables, requireTableDescription, syncSchemas, updateTableDescription } from "@/lib/databases/table-descriptions";
import { DIALECTS } from "@/lib/drivers/types";
import { dataheraldErrors, hostedDataheraldErrors, specOfDataherald, toDataheraldConnection, toDataheraldTable } from "./dataherald";
import {
  dataheraldConnectionOutSchema,
  dataheraldConnectionSchema,
  dataheraldDriverSchema,
  dataheraldTableOutSchema,
  dataheraldTableUpdateSchema,
  heartbeatSchema,
  hostedSyncSchemasSchema,
  refreshSchema,
  syncSchemasSchema,
  tableListQuerySchema,
} from "./dataherald-schemas";

// The handlers of Dataherald's routes, built once per error envelope: the engine's /api/v1 paths
// and the hosted API's /api paths (and /heartbeat) are aliases of the same handlers. Route files
// only pick theirs.

type P = { id: string };
const heartbeat = () => ({ "nanosecond heartbeat": Date.now() * 1_000_000 });
const tables = z.array(dataheraldTableOutSchema);

function handlers(errors: ErrorFormatter) {
  return {
    connections: {
      // POST creates (tested first; its tables become NOT_SCANNED table descriptions) and answers 201.
      POST: apiRoute({ role: "editor", body: dataheraldConnectionSchema, output: dataheraldConnectionOutSchema, status: 201, errors }, async ({ actor, body }) =>
        toDataheraldConnection(await createDatabaseConnection(actor, specOfDataherald(body))),
      ),
      // Built once per store change (cached): a list of a thousand answers the same bytes until a write.
      GET: apiRoute({ role: "viewer", output: z.array(dataheraldConnectionOutSchema), errors, cached: true }, async () => (await listDatabaseConnections()).map(toDataheraldConnection)),
    },
    connection: {
      GET: apiRoute<undefined, undefined, typeof dataheraldConnectionOutSchema, P>({ role: "viewer", output: dataheraldConnectionOutSchema, errors }, async ({ params }) =>
        toDataheraldConnection(await requireDatabaseConnection(params.id)),
      ),
      PUT: apiRoute<typeof dataheraldConnectionSchema, undefined, typeof dataheraldConnectionOutSchema, P>(
        { role: "editor", body: dataheraldConnectionSchema, output: dataheraldConnectionOutSchema, errors },
        async ({ actor, body, params }) => toDataheraldConnection(await updateDatabaseConnection(actor, params.id, specOfDataherald(body, await requireDatabaseConnection(params.id)))),
      ),
    },
    tables: {
      GET: apiRoute({ role: "viewer", query: tableListQuerySchema, output: tables, errors }, async ({ query }) =>
        (await listTableDescriptions({ connectionId: query.db_connection_id, tableName: query.table_name })).map(toDataheraldTable),
      ),
    },
    table: {
      GET: apiRoute<undefined, undefined, typeof dataheraldTableOutSchema, P>({ role: "viewer", output: dataheraldTableOutSchema, errors }, async ({ params }) =>
        toDataheraldTable(await requireTableDescription(params.id)),
      ),
      PUT: apiRoute<typeof dataheraldTableUpdateSchema, undefined, typeof dataheraldTableOutSchema, P>(
        { role: "editor", body: dataheraldTableUpdateSchema, output: dataheraldTableOutSchema, errors },
        async ({ actor, body, params }) => toDataheraldTable(await updateTableDescription(actor, params.id, body)),
      ),
    },
    refresh: {
      // New tables become NOT_SCANNED table descriptions; vanished ones are marked DEPRECATED.
      POST: apiRoute({ role: "editor", body: refreshSchema, output: tables, status: 201, errors }, async ({ actor, body }) =>
        (await refreshTables(actor, body.db_connection_id)).map(toDataheraldTable),
      ),
    },
  };
}

export const engine = {
  ...handlers(dataheraldErrors),
  // Starts a background scan: the tables answer SYNCHRONIZING now, then SCANNED or FAILED.
  syncSchemas: {
    POST: apiRoute({ role: "editor", body: syncSchemasSchema, output: tables, status: 201, errors: dataheraldErrors }, async ({ actor, body }) =>
      (await syncSchemas(actor, body.db_connection_id, body.table_names)).map(toDataheraldTable),
    ),
  },
  heartbeat: {
    GET: apiRoute({ role: "public", output: heartbeatSchema, errors: dataheraldErrors }, heartbeat),
  },
};

export const hosted = {
  ...handlers(hostedDataheraldErrors),
  // The hosted API takes a list of {db_connection_id, table_names}; every connection is checked before any scan starts.
  syncSchemas: {
    POST: apiRoute({ role: "editor", body: hostedSyncSchemasSchema, output: tables, status: 201, errors: hostedDataheraldErrors }, async ({ actor, body }) => {
      for (const item of body) await requireDatabaseConnection(item.db_connection_id);
      // One after another, in the list's order, as before: each connection's scan is queued in its own transaction.
      const out = [];
      for (const item of body) out.push(...(await syncSchemas(actor, item.db_connection_id, item.table_names)));
      return out.map(toDataheraldTable);
    }),
  },
  drivers: {
    GET: apiRoute({ role: "viewer", output: z.array(dataheraldDriverSchema), errors: hostedDataheraldErrors }, () =>
      // Every dialect a connection may name; those without a driver here are stored, not tested.
      DIALECTS.map((d) => ({ name: d, driver: d })),
    ),
  },
  heartbeat: {
    GET: apiRoute({ role: "public", output: heartbeatSchema, errors: hostedDataheraldErrors }, heartbeat),
  },
};
