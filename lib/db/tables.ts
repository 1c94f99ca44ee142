import * as pg from "./pg-schema";
import * as sqlite from "./schema";
import { onPostgres } from "./dialect";

// The table objects services query: the SQLite ones (lib/db/schema.ts) or their PostgreSQL twins
// (lib/db/pg-schema.ts), chosen once per process by DATABASE_URL. They read and write the same
// TypeScript types (lib/db/schema-parity.test.ts), so the services' queries are typed against the
// SQLite declarations and run against whichever store this process has.
const t: typeof sqlite = onPostgres() ? (pg as unknown as typeof sqlite) : sqlite;

export const { users, revokedSessions, apiTokens, auditEvents, settings, connections, feeds, runs, runLogs, jobs, tableDescriptions, provisionedCredentials } = t;

export * from "./enums";
export type { ApiToken, AuditEvent, Connection, ConnectionOf, ConnectionRow, DestinationOutcome, Feed, Job, ProvisionedCredentials, Run, TableDescription, User } from "./schema";
