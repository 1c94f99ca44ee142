import { z } from "zod";

export const auditQuerySchema = z.object({
  action: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  target: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEventSchema = z.object({
  id: z.number(),
  at: z.date().transform((d) => d.toISOString()),
  actorType: z.string(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  ip: z.string().nullable(),
  summary: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEventOut = z.output<typeof auditEventSchema>;

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  actions: z.array(z.string()),
});
