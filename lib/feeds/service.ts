import "server-only";
import crypto from "node:crypto";
import { and, asc, desc, eq, getTableColumns, isNull, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { afterCursor, pageFrom, pageOf, type Page } from "@/lib/api/paging";
import { ApiError, conflict, notFound, type FieldErrors } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { findConnection } from "@/lib/connections/store";
import { db, first, inTransaction } from "@/lib/db/tx";
import { connections, feeds, runs, type Feed, type Run } from "@/lib/db/tables";
import { offeredDestinations } from "@/lib/destinations/warehouse";
import { hasLoadRuns, lastRunOf, type RunSnapshot } from "@/lib/runs/service";
import { nextFireTimes } from "@/lib/triggers/schedule";
import type { FeedInput, FeedOut, FeedSummaryOut, feedListQuerySchema, Watcher } from "./schemas";
import { assertWritable, provisionedColumn, type WriteOptions } from "@/lib/bundle/read-only";
import { byteOrder, containsText, countRows, jsonArrayHas, jsonArrayRows } from "@/lib/db/sql-dialect";

// What a passing test vouches for: the script, its language and its dependencies.
export const scriptHash = (f: Pick<Feed, "script" | "language" | "dependencies">) =>
  crypto.createHash("sha256").update(JSON.stringify([f.script, f.language, [...f.dependencies].sort()])).digest("hex");
export const webhookSecretHash = (secret: string) => crypto.createHash("sha256").update(secret).digest("hex");

export async function requireFeed(id: number): Promise<Feed> {
  const feed = await first(db().select().from(feeds).where(eq(feeds.id, id)));
  if (!feed) throw notFound("Feed");
  return feed;
}

function nextRuns(feed: Pick<Feed, "status" | "trigger">, n: number): Date[] {
  if (feed.status !== "active") return [];
  try {
    return nextFireTimes(feed.trigger, new Date(), n);
  } catch {
    return [];
  }
}

type LastRun = Pick<Run, "id" | "status" | "trigger" | "records" | "recordsLoaded" | "queuedAt" | "startedAt" | "finishedAt" | "error">;

/** The feed as every answer shows it, but its script; the connection's name and the last load run are given. */
function feedSummaryOf(feed: Omit<Feed, "script">, scriptTested: boolean, connectionName: string | null, last: LastRun | undefined): FeedSummaryOut {
  return {
    id: feed.id,
    name: feed.name,
    connectionId: feed.connectionId,
    connectionName,
    language: feed.language,
    dependencies: feed.dependencies,
    loadType: feed.loadType,
    destinations: feed.destinations,
    trigger: feed.trigger,
    nextRuns: nextRuns(feed, 5).map((d) => d.toISOString()),
    watchers: feed.watchers,
    tags: feed.tags,
    status: feed.status,
    pausedReason: feed.pausedReason,
    wizardStep: feed.wizardStep,
    scriptTested,
    tableName: feed.name?.toLowerCase() ?? null,
    webhook: feed.trigger.type === "webhook" ? { path: `/api/hooks/feeds/${feed.id}`, hasSecret: Boolean(feed.webhookSecretHash) } : null,
    lastRun: last
      ? {
          id: last.id,
          status: last.status,
          trigger: last.trigger,
          records: last.records,
          recordsLoaded: last.recordsLoaded,
          queuedAt: last.queuedAt.toISOString(),
          startedAt: last.startedAt?.toISOString() ?? null,
          finishedAt: last.finishedAt?.toISOString() ?? null,
          error: last.error,
        }
      : null,
    provisionedFrom: feed.provisionedFrom,
    createdAt: feed.createdAt.toISOString(),
    updatedAt: feed.updatedAt?.toISOString() ?? null,
  };
}

export async function toFeedOut(feed: Feed, extra: { webhookSecret?: string } = {}): Promise<FeedOut> {
  const connection = feed.connectionId ? await findConnection(feed.connectionId) : undefined;
  const scriptTested = Boolean(feed.testedScriptHash) && feed.testedScriptHash === scriptHash(feed);
  const { lastRun, ...summary } = feedSummaryOf(feed, scriptTested, connection?.name ?? null, await lastRunOf(feed.id));
  return { ...summary, script: feed.script, ...extra, lastRun };
}

// Sorted by name regardless of case, unnamed drafts first, then by id.
const feedSortKey = byteOrder(sql`coalesce(lower(${feeds.name}), '')`);

/**
 * One page of feeds, filtered, sorted and counted in SQL: the connection's name and the last load
 * run come from joins, so a page is one query whatever its length (plus its count and the tags).
 * The script is read only to check its test hash; it is not sent.
 */
export async function listFeeds(query: z.infer<typeof feedListQuerySchema>): Promise<Page<FeedSummaryOut> & { tags: string[] }> {
  const { limit, after } = pageOf(query);
  const q = query.q?.trim().toLowerCase();
  const filters = [
    query.status ? eq(feeds.status, query.status) : undefined,
    query.connectionId ? eq(feeds.connectionId, query.connectionId) : undefined,
    query.tag ? jsonArrayHas(feeds.tags, query.tag) : undefined,
    q ? containsText(sql`lower(${feeds.name})`, q) : undefined,
  ];
  const { script: _script, ...feedColumns } = getTableColumns(feeds);
  const rows = await db()
    .select({
      feed: feedColumns,
      key: feedSortKey,
      script: feeds.script,
      connectionName: connections.name,
      runId: runs.id,
      runStatus: runs.status,
      runTrigger: runs.trigger,
      runRecords: runs.records,
      runRecordsLoaded: runs.recordsLoaded,
      runQueuedAt: runs.queuedAt,
      runStartedAt: runs.startedAt,
      runFinishedAt: runs.finishedAt,
      runError: runs.error,
    })
    .from(feeds)
    .leftJoin(connections, eq(connections.id, feeds.connectionId))
    .leftJoin(runs, eq(runs.id, sql`(select max(r.id) from runs r where r.feed_id = "feeds"."id" and r.kind = 'load')`))
    .where(and(...filters, afterCursor(feedSortKey, sql`${feeds.id}`, after, true)))
    .orderBy(asc(feedSortKey), asc(feeds.id))
    .limit(limit + 1);
  const [{ total }] = await db().select({ total: countRows() }).from(feeds).where(and(...filters));
  const tags = (
    await db()
      .select({ value: sql<string>`j.value` })
      .from(jsonArrayRows(sql`feeds f`, sql`f.tags`))
      .groupBy(sql`j.value`)
      .orderBy(byteOrder(sql`lower(j.value)`), byteOrder(sql`j.value`))
  ).map((r) => r.value);
  const page = pageFrom(
    rows,
    limit,
    total,
    (r) => [r.key, r.feed.id],
    (r) => {
      const tested = Boolean(r.feed.testedScriptHash) && r.feed.testedScriptHash === scriptHash({ script: r.script, language: r.feed.language, dependencies: r.feed.dependencies });
      const last: LastRun | undefined =
        r.runId === null
          ? undefined
          : {
              id: r.runId,
              status: r.runStatus!,
              trigger: r.runTrigger!,
              records: r.runRecords!,
              recordsLoaded: r.runRecordsLoaded!,
              queuedAt: r.runQueuedAt!,
              startedAt: r.runStartedAt,
              finishedAt: r.runFinishedAt,
              error: r.runError,
            };
      return feedSummaryOf(r.feed, tested, r.connectionName, last);
    },
  );
  return { ...page, tags };
}

export async function getFeedWatchers(id: number): Promise<{ name: string | null; watchers: Watcher[] }> {
  const f = await requireFeed(id);
  return { name: f.name, watchers: f.watchers };
}

/** Everything an active feed needs; each problem is reported on its field. */
async function activationProblems(f: Feed): Promise<FieldErrors> {
  const problems: FieldErrors = {};
  if (!f.name) problems.name = "Give the feed a name";
  if (!f.connectionId) problems.connectionId = "Select a connection";
  else if ((await findConnection(f.connectionId))?.kind !== "rest") problems.connectionId = "Select a REST connection";
  if (!f.script.trim()) problems.script = "Write the fetch script";
  if (f.destinations.length === 0) problems.destinations = "Choose at least one destination";
  else if (f.status === "active") {
    // A feed a warehouse switch paused stays paused until its destinations are offered again.
    const offered = await offeredDestinations();
    const gone = f.destinations.filter((d) => !offered.includes(d as never));
    if (gone.length) problems.destinations = `Not offered by this workspace's warehouse: ${gone.join(", ")}; choose from ${offered.join(", ")}`;
  }
  return problems;
}

async function checkDestinations(destinations: string[] | undefined) {
  if (!destinations) return;
  const offered = await offeredDestinations();
  const bad = destinations.filter((d) => !offered.includes(d as never));
  if (bad.length) {
    throw new ApiError("unprocessable_entity", `Not offered by this workspace's warehouse: ${bad.join(", ")}`, {
      destinations: `Choose from ${offered.join(", ")}`,
    });
  }
}

async function checkNameFree(name: string | null | undefined, exceptId?: number) {
  if (!name) return;
  const other = await first(
    db()
      .select({ id: feeds.id })
      .from(feeds)
      .where(sql`lower(${feeds.name}) = ${name.toLowerCase()}`),
  );
  if (other && other.id !== exceptId) throw conflict(`A feed named ${name} already exists`, { name: "This name is already taken" });
}

async function checkConnection(connectionId: string | null | undefined) {
  // null or absent: no connection yet (a draft); "" is not an id.
  if (connectionId === null || connectionId === undefined) return;
  const c = await findConnection(connectionId);
  if (!c || c.kind !== "rest") throw new ApiError("unprocessable_entity", "No such REST connection", { connectionId: "No such REST connection" });
}

// How many of a feed's latest passed tests a save is checked against.
const TESTS_CONSULTED = 100;

/**
 * Whether a test of exactly this script, language and dependencies has passed: the feed's own tested
 * script, a passed test run of the feed (a draft tested while editing an active feed), or the same
 * person's test of an unsaved script (POST /api/feeds/test, before the feed exists).
 */
export async function scriptPassedTest(script: Pick<Feed, "script" | "language" | "dependencies">, feed: Feed | null, actor: Actor): Promise<boolean> {
  const hash = scriptHash(script);
  if (feed?.testedScriptHash === hash) return true;
  const unsaved = and(isNull(runs.feedId), eq(runs.createdBy, actor.label));
  const passed = await db()
    .select({ snapshot: runs.snapshot })
    .from(runs)
    .where(and(eq(runs.kind, "test"), eq(runs.status, "succeeded"), feed ? or(eq(runs.feedId, feed.id), unsaved) : unsaved))
    .orderBy(desc(runs.id))
    .limit(TESTS_CONSULTED);
  return passed.some((r) => r.snapshot && scriptHash(r.snapshot) === hash);
}

const sameScript = (a: Pick<Feed, "script" | "language" | "dependencies">, b: Pick<Feed, "script" | "language" | "dependencies">) => scriptHash(a) === scriptHash(b);

/**
 * A feed that runs (active or paused) only ever gets a script that passed a test: on activation, and
 * whenever its script, language or dependencies change. Drafts save anything. Returns the tested hash.
 */
async function checkScriptTested(existing: Feed | null, merged: Feed, actor: Actor): Promise<string | undefined> {
  if (merged.status === "draft") return undefined;
  const activating = !existing || existing.status === "draft";
  if (!activating && sameScript(existing, merged)) return undefined;
  if (!(await scriptPassedTest(merged, existing, actor))) {
    throw new ApiError(
      "conflict",
      activating ? "Test the script before activating the feed: no test of this script, language and dependencies has passed" : "Test the changed script before saving it: no test of this script, language and dependencies has passed",
      { script: "Test this script (with this language and these dependencies) and save it once the test passes" },
    );
  }
  return scriptHash(merged);
}

/** Applies a (partial) input to a feed row, validating as a draft or, when active, in full. */
async function apply(existing: Feed | null, input: FeedInput, actor: Actor) {
  await checkNameFree(input.name, existing?.id);
  await checkConnection(input.connectionId);
  await checkDestinations(input.destinations);
  const merged = { ...(existing ?? {}), ...input } as Feed;
  merged.status = input.status ?? existing?.status ?? "draft";
  merged.trigger = input.trigger ?? existing?.trigger ?? { type: "none" };
  merged.script = input.script ?? existing?.script ?? "";
  merged.language = input.language ?? existing?.language ?? "python";
  merged.dependencies = input.dependencies ?? existing?.dependencies ?? [];
  merged.destinations = input.destinations ?? existing?.destinations ?? [];
  if (merged.status !== "draft") {
    const problems = await activationProblems(merged);
    if (Object.keys(problems).length) throw new ApiError("unprocessable_entity", "The feed is not complete enough to activate", problems);
  }
  const tested = await checkScriptTested(existing, merged, actor);
  let webhookSecret: string | undefined;
  const values: Partial<Feed> = { ...input, updatedBy: actor.label };
  if (tested) values.testedScriptHash = tested;
  if (merged.trigger.type === "webhook" && !existing?.webhookSecretHash) {
    webhookSecret = `whsec_${crypto.randomBytes(24).toString("base64url")}`;
    values.webhookSecretHash = webhookSecretHash(webhookSecret);
  }
  values.nextRunAt = nextRuns(merged, 1)[0] ?? null;
  if (merged.status !== "paused") values.pausedReason = null;
  return { values, webhookSecret };
}

export async function createFeed(actor: Actor, input: FeedInput, opts: WriteOptions = {}): Promise<FeedOut> {
  // One transaction: the name is still free, and the connection still there, when the row is inserted.
  const { feed, webhookSecret } = await inTransaction(async (tx) => {
    const { values, webhookSecret } = await apply(null, input, actor);
    const [feed] = await tx
      .insert(feeds)
      .values({ ...values, createdBy: actor.label, ...provisionedColumn(opts) } as typeof feeds.$inferInsert)
      .returning();
    await recordAudit(actor, { action: "feed.create", targetType: "feed", targetId: feed.id, targetLabel: feed.name ?? `draft #${feed.id}`, summary: { status: feed.status } });
    return { feed, webhookSecret };
  });
  return toFeedOut(feed, { webhookSecret });
}

export async function updateFeed(actor: Actor, id: number, input: FeedInput, opts: WriteOptions = {}): Promise<FeedOut> {
  // Read, checked and written in one transaction: what the checks saw is what the update changes.
  const { feed, webhookSecret } = await inTransaction(async (tx) => {
    const existing = await requireFeed(id);
    assertWritable(existing, "Feed", opts);
    if (input.name !== undefined && input.name?.toLowerCase() !== existing.name?.toLowerCase() && existing.name && (await hasLoadRuns(id))) {
      throw new ApiError("unprocessable_entity", "The name cannot change after the first load: the destination table is named after it", {
        name: "Fixed after the first load",
      });
    }
    const { values, webhookSecret } = await apply(existing, input, actor);
    const [feed] = await tx
      .update(feeds)
      .set({ ...values, updatedAt: new Date(), ...provisionedColumn(opts) })
      .where(eq(feeds.id, id))
      .returning();
    const changed = Object.keys(input).filter((k) => JSON.stringify((input as Record<string, unknown>)[k]) !== JSON.stringify((existing as Record<string, unknown>)[k]));
    const action = input.status && input.status !== existing.status ? `feed.${input.status === "active" ? (existing.status === "paused" ? "resume" : "activate") : input.status === "paused" ? "pause" : "update"}` : "feed.update";
    await recordAudit(actor, { action, targetType: "feed", targetId: id, targetLabel: feed.name ?? `draft #${id}`, summary: { changed } });
    return { feed, webhookSecret };
  });
  return toFeedOut(feed, { webhookSecret });
}

export async function deleteFeed(actor: Actor, id: number, opts: WriteOptions = {}): Promise<void> {
  // In one transaction with the check, so no run is queued for the feed between the check and the delete.
  await inTransaction(async (tx) => {
    const feed = await requireFeed(id);
    assertWritable(feed, "Feed", opts);
    const running = await db().select({ id: runs.id }).from(runs).where(sql`${runs.feedId} = ${id} AND ${runs.status} IN ('queued', 'running')`);
    if (running.length) throw conflict(`Run(s) ${running.map((r) => `#${r.id}`).join(", ")} of this feed are still queued or running; cancel them first`);
    await tx.delete(feeds).where(eq(feeds.id, id));
    await recordAudit(actor, { action: "feed.delete", targetType: "feed", targetId: id, targetLabel: feed.name ?? `draft #${id}` });
  });
}

export async function rotateWebhookSecret(actor: Actor, id: number): Promise<FeedOut> {
  const secret = `whsec_${crypto.randomBytes(24).toString("base64url")}`;
  const updated = await inTransaction(async (tx) => {
    const feed = await requireFeed(id);
    if (feed.trigger.type !== "webhook") throw new ApiError("conflict", "This feed is not triggered by a webhook");
    const [updated] = await tx.update(feeds).set({ webhookSecretHash: webhookSecretHash(secret), updatedAt: new Date() }).where(eq(feeds.id, id)).returning();
    await recordAudit(actor, { action: "feed.webhook_secret_rotate", targetType: "feed", targetId: id, targetLabel: feed.name ?? `#${id}` });
    return updated;
  });
  return toFeedOut(updated, { webhookSecret: secret });
}

export function snapshotOf(feed: Pick<Feed, "name" | "connectionId" | "language" | "script" | "dependencies" | "loadType" | "destinations">): RunSnapshot {
  return {
    feedName: feed.name,
    table: feed.name?.toLowerCase() ?? null,
    connectionId: feed.connectionId,
    language: feed.language,
    script: feed.script,
    dependencies: feed.dependencies,
    loadType: feed.loadType,
    destinations: feed.destinations,
  };
}

/**
 * A passed test marks the feed's script as tested when it tested the saved script. A draft tested
 * while editing (Test does not save) leaves the mark alone: its passed run is what lets it be saved.
 */
export async function markScriptTested(feedId: number, tested: Pick<Feed, "script" | "language" | "dependencies">): Promise<void> {
  await inTransaction(async (tx) => {
    const feed = await first(db().select().from(feeds).where(eq(feeds.id, feedId)));
    if (feed && sameScript(feed, tested)) await tx.update(feeds).set({ testedScriptHash: scriptHash(tested) }).where(eq(feeds.id, feedId));
  });
}

export async function connectionNameOf(id: string | null): Promise<string | null> {
  if (!id) return null;
  return (await first(db().select({ name: connections.name }).from(connections).where(eq(connections.id, id))))?.name ?? null;
}

/** Pauses a feed for a reason the feed page shows (a warehouse switch left its destination behind); resuming clears it. */
export async function pauseFeedWithReason(actor: Actor, id: number, reason: string): Promise<void> {
  await inTransaction(async (tx) => {
    const feed = await first(
      tx.update(feeds).set({ status: "paused", pausedReason: reason, nextRunAt: null, updatedAt: new Date(), updatedBy: actor.label }).where(eq(feeds.id, id)).returning(),
    );
    if (feed) await recordAudit(actor, { action: "feed.pause", targetType: "feed", targetId: id, targetLabel: feed.name ?? `draft #${id}`, summary: { reason } });
  });
}

/**
 * A feed dry run's `test`: it runs no script (a test run is a run row with its log, and a dry run
 * writes nothing), it says whether a passed test of exactly this script, language and dependencies
 * exists, which is what saving an active or paused feed requires.
 */
export function scriptCheck(scriptTested: boolean) {
  return {
    scriptTested,
    scriptRun: false,
    message: scriptTested
      ? "Not run (a dry run runs no script): a test of this script, language and dependencies has passed"
      : "Not run (a dry run runs no script): no passed test of this script, language and dependencies; test it (POST /api/feeds/{id}/test or /api/feeds/test) before it can run",
  };
}
