import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { inTransaction } from "@/lib/db/tx";
import { secretChanges as secretChangesOf } from "./secret-paths";

// A dry run runs the real create or update path inside a transaction and rolls it back: the
// validation, the name checks, the stored form (and so the masked answer) are exactly what a real
// write would do, and nothing is left behind: no row, no audit event, no job row. Reads of other
// requests meanwhile go to the read-only connection and never see the rehearsed rows
// (lib/db/tx.ts). Nothing slow belongs in `fn`: the test a dry run also does runs after it.

/** Runs `fn` in a transaction (a savepoint when already in one) and rolls it back; returns its result. */
export function rehearse<T>(fn: () => T | Promise<T>): Promise<T> {
  return inTransaction(fn, { rollback: true });
}

/** Runs `fn` in a transaction (nested: a savepoint); it commits unless `fn` throws. */
export function inSavepoint<T>(fn: () => T | Promise<T>): Promise<T> {
  return inTransaction(fn);
}

/** `?dryRun=true` (or 1); anything but true/false/1/0 is a 400 naming the parameter. */
export function isDryRun(req: NextRequest): boolean {
  const v = req.nextUrl.searchParams.get("dryRun");
  if (v === null || v === "false" || v === "0") return false;
  if (v === "true" || v === "1" || v === "") return true;
  throw new ApiError("bad_request", "dryRun must be true or false", { dryRun: "Use true or false" });
}

/** Top-level fields whose values differ (JSON equality), leaving out the bookkeeping ones. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown>, ignore: readonly string[] = []): string[] {
  if (!before) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !ignore.includes(k) && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)).sort();
}

export type DryRunAnswer<T> = {
  dryRun: true;
  action: "create" | "update" | "unchanged";
  // Top-level fields (and "secrets.<field>") an update would change.
  changes: string[];
  test: unknown;
  // What would be saved, as the API would answer it (secrets masked).
  result: T;
};

export function dryRunResponse<T>(answer: Omit<DryRunAnswer<T>, "dryRun">): NextResponse {
  return NextResponse.json({ dryRun: true, ...answer }, { status: 200 });
}

// Fields of an answer that change on every write and say nothing about what the object is.
const BOOKKEEPING = ["updatedAt", "createdAt", "lastTest", "usedBy", "lastRun", "nextRuns", "webhookSecret", "tables"];

/** What an update would change: its answer's fields, and the names (never values) of changed secrets. */
export function updateChanges(before: Record<string, unknown>, after: Record<string, unknown>, secrets?: [string | null, string | null]): string[] {
  return [...changedFields(before, after, BOOKKEEPING), ...(secrets ? secretChangesOf(secrets[0], secrets[1]) : [])].sort();
}
