import { log } from "@/lib/log";
import type { ScriptRecord } from "@/lib/runners/run-script";
import type { DestinationType } from "./types";

export type FeedState = Record<string, unknown>;

export type LoadTarget = {
  feedId: number;
  // The feed's name, lower-cased: its table (or folder) in every destination.
  table: string;
  runId: number;
  loadType: "incremental" | "truncate_insert";
  // The run's log, for what the load decides on its own (a column widened). Without it the lines
  // go to the server log.
  log?: (line: string) => void;
  // The run's cancel: a destination waiting for a lock (the SQLite warehouse's one writer) stops
  // waiting when it fires, so a cancelled run ends at once rather than when the lock frees.
  signal?: AbortSignal;
};

export function logLoad(target: LoadTarget, line: string) {
  if (target.log) target.log(line);
  else log.info(line, { runId: target.runId, feedId: target.feedId });
}

/** A column of a destination table, with the destination's own type name. */
export type DestinationColumn = { name: string; type: string };

/** One load run's writes to one destination: nothing is visible until commit, which also stores the state. */
export interface Loader {
  write(batch: ScriptRecord[]): void | Promise<void>;
  // state null: the script saved none, so the committed state stays as it was.
  commit(state: FeedState | null): Promise<void>;
  rollback(): Promise<void>;
}

export interface Destination {
  type: DestinationType;
  readState(feedId: number, table: string): Promise<FeedState | null>;
  // null resets the state (the next run starts from {}).
  writeState(feedId: number, table: string, state: FeedState | null): Promise<void>;
  open(target: LoadTarget): Promise<Loader>;
  // The table's columns and types, or null while it does not exist (or the destination has no tables).
  columns(table: string): Promise<DestinationColumn[] | null>;
  // The newest rows a run loaded, for the run page.
  sampleRows(table: string, runId: number, limit: number): Promise<ScriptRecord[]>;
}

/** Values as stored in a column: nested objects and arrays become JSON text. */
export function cellValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export const STATE_TABLE = "_switchyard_feed_state";
