import { z } from "zod";
import { roleSchema } from "@/lib/users/schemas";

const DURATION = /^(\d{1,5})\s*([hdw])$/i;
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** "30d", "12h", "2w" -> milliseconds, or null when it is not such a duration. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m || Number(m[1]) === 0) return null;
  return Number(m[1]) * UNIT_MS[m[2].toLowerCase() as keyof typeof UNIT_MS];
}

export const createTokenSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "Give the token a name" })
    .max(100, { error: "Name must be at most 100 characters" }),
  role: roleSchema.optional(),
  expiresIn: z
    .string()
    .refine((v) => parseDuration(v) !== null, { error: 'Use a duration such as "12h", "30d" or "2w"' })
    .optional(),
  // Admins may create a token for another user (the CLI does this by email).
  userId: z.number().int().positive().optional(),
}).meta({
  description:
    "Only a signed-in user (session cookie) creates tokens, or an operator with `npx switchyard tokens create`; a request authenticated by an API token gets 403, so no token outlives the token that made it. The role is at most the owner's and the creator's.",
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const tokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  role: roleSchema,
  prefix: z.string(),
  userId: z.number(),
  userEmail: z.string(),
  createdAt: z.date().transform((d) => d.toISOString()),
  expiresAt: z
    .date()
    .nullable()
    .transform((d) => d?.toISOString() ?? null),
  lastUsedAt: z
    .date()
    .nullable()
    .transform((d) => d?.toISOString() ?? null),
  revokedAt: z
    .date()
    .nullable()
    .transform((d) => d?.toISOString() ?? null),
});
export type TokenOut = z.output<typeof tokenSchema>;

export const tokenListSchema = z.object({ tokens: z.array(tokenSchema) });
// The only response that carries the token itself, once.
export const createdTokenSchema = z.object({ token: z.string(), record: tokenSchema });
