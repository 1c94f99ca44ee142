// The shapes of the JSON columns of lib/db/schema.ts and lib/db/pg-schema.ts (both declare them
// with `$type<...>()` from here), taken from the zod schemas that validate them on the way in.
// Types only: schema.ts is read by drizzle-kit, which must not load services.
import type { KeyValue, RestConnectionInput } from "@/lib/connections/rest-schemas";
import type { DRUID_SECRET_FIELDS, DruidConnection } from "@/lib/connections/druid-schemas";
import type { DatabaseConfig } from "@/lib/databases/connection-spec";
import type { Watcher } from "@/lib/feeds/schemas";
import type { Delivery } from "@/lib/runs/watchers";
import type { Trigger } from "@/lib/triggers/schemas";

export type { DatabaseConfig, Trigger, Watcher };

/** A saved connection's last test, as the Test button records it in its config. */
export type StoredLastTest = { ok: boolean; code: string | null; message: string; at: string; timeMs?: number | null };

/** `connections.config` of a REST connection (kind "rest"): the form's values without its secrets (lib/connections/rest-service.ts). */
export type RestStoredConfig = Record<string, unknown> & {
  authType: RestConnectionInput["authType"];
  username?: string;
  authUrl?: string;
  method?: string;
  headers?: KeyValue[];
  body?: string;
  secretBodyKeys?: string[];
  lastTest?: (StoredLastTest & { timeMs: number | null }) | null;
  // Output field -> the reference it holds ($__env{…}/$__file{…}), so lists show it without decrypting.
  secretRefs?: Record<string, string>;
};

/**
 * `connections.config` of a Druid connection (kind "druid"). secretFields / secretRefs: which
 * secrets are stored and their references as written, so that outputs and lists never decrypt
 * (absent on rows saved before: those are decrypted).
 */
export type DruidStoredConfig = Omit<DruidConnection, (typeof DRUID_SECRET_FIELDS)[number] | "name"> & {
  fixed?: boolean;
  lastTest?: StoredLastTest | null;
  secretFields?: string[];
  secretRefs?: Record<string, string>;
};

/** `connections.config` by the row's `kind`. */
export type ConnectionConfigs = { rest: RestStoredConfig; druid: DruidStoredConfig; database: DatabaseConfig };
export type ConnectionConfig = ConnectionConfigs[keyof ConnectionConfigs];

/** `runs.snapshot`: the feed as it was run (lib/runs/service.ts createRun, enqueueLoadRun). */
export type RunSnapshot = {
  feedName: string | null;
  table: string | null;
  connectionId: string | null;
  language: "python" | "javascript";
  script: string;
  dependencies: string[];
  loadType: "incremental" | "truncate_insert";
  destinations: string[];
  // A test run's starter (lib/runs/service.ts createTestRunWithinLimits counts the running ones per user).
  startedByUserId?: number | null;
};

/** One entry of `runs.notifications`: a watcher delivery's outcome (lib/runs/watchers.ts deliverySchema). */
export type RunNotification = Delivery;

/** One entry of `table_descriptions.columns`, as a scan writes it (lib/databases/table-descriptions.ts). */
export type StoredTableColumn = { name: string; data_type?: string; nullable?: boolean; is_primary_key?: boolean; description?: string | null };
