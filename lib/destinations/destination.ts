import type { ScriptRecord } from "@/lib/runners/run-script";
import type { DestinationType } from "./types";

export type FeedState = Record<string, unknown>;

export type LoadTarget = {
  feedId: number;
  // The feed's name, lower-cased: its table (or folder) in every destination.
  table: string;
  runId: number;
  loadType: "incremental" | "truncate_insert";
};

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
