import "server-only";
import { and, count, desc, gte, lte, or, type SQL } from "drizzle-orm";
import { likeAnyCase } from "@/lib/db/sql-dialect";
import type { Actor } from "@/lib/auth/actor";
import { db, inTransaction, inTransactionNow, writeDb } from "@/lib/db/tx";
import { auditEvents } from "@/lib/db/tables";
import { redactSummary } from "./redact";
import type { AuditQuery } from "./schemas";

export type AuditEntry = {
  action: string;
  targetType?: string;
  targetId?: string | number;
  targetLabel?: string;
  summary?: Record<string, unknown>;
};

/** Joins the caller's transaction when there is one, so the event commits (or not) with the change. */
export async function recordAudit(actor: Actor, entry: AuditEntry): Promise<void> {
  const row = {
    actorType: actor.type,
    actorId: actor.type === "token" ? (actor.tokenId ?? null) : actor.userId,
    actorLabel: actor.label,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    targetLabel: entry.targetLabel ?? null,
    ip: actor.ip,
    summary: entry.summary ? JSON.stringify(redactSummary(entry.summary)) : null,
    requestId: actor.requestId,
  };
  // Joins the caller's transaction when there is one, so the event commits (or not) with the change:
  // one statement, written straight into it (a savepoint would cost two more, and a failed insert
  // fails the caller's write either way).
  if (inTransactionNow()) await writeDb().insert(auditEvents).values(row);
  else await inTransaction((tx) => tx.insert(auditEvents).values(row));
}

export async function listAuditEvents(q: AuditQuery) {
  const read = db();
  const where: SQL[] = [];
  if (q.action) where.push(likeAnyCase(auditEvents.action, `${q.action}%`));
  if (q.actor) where.push(likeAnyCase(auditEvents.actorLabel, `%${q.actor}%`));
  if (q.target) where.push(or(likeAnyCase(auditEvents.targetLabel, `%${q.target}%`), likeAnyCase(auditEvents.targetId, q.target))!);
  if (q.from) where.push(gte(auditEvents.at, new Date(q.from)));
  if (q.to) where.push(lte(auditEvents.at, new Date(q.to)));
  const filter = where.length ? and(...where) : undefined;
  const events = await read
    .select()
    .from(auditEvents)
    .where(filter)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ total }] = await read.select({ total: count() }).from(auditEvents).where(filter);
  const actions = (await read.selectDistinct({ action: auditEvents.action }).from(auditEvents).orderBy(auditEvents.action)).map((r) => r.action);
  return { events, total, page: q.page, pageSize: q.pageSize, actions };
}
