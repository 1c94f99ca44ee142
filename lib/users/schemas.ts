import { z } from "zod";
import { PASSWORD_MIN_LENGTH_VALUE, passwordWeakness } from "./password-rules";
import { ROLES } from "@/lib/db/enums";

export const roleSchema = z.enum(ROLES, { error: "Role must be viewer, editor or admin" });

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ pattern: z.regexes.html5Email, error: "Enter a valid email address" }).max(254));

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH_VALUE, { error: `Password must be at least ${PASSWORD_MIN_LENGTH_VALUE} characters` })
  .max(200, { error: "Password must be at most 200 characters" })
  // Offline strength check: "aaaaaaaaaa" and "password123" are long enough but guessed at once.
  .superRefine((password, ctx) => {
    const weakness = passwordWeakness(password);
    if (weakness) ctx.addIssue({ code: "custom", message: weakness });
  });

// The same check with the account's own email and name counted against the password.
function notAboutTheUser(field: string, inputs: (v: Record<string, unknown>) => unknown[]) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const password = value[field];
    if (typeof password !== "string" || passwordWeakness(password)) return;
    const weakness = passwordWeakness(password, inputs(value).filter((v): v is string => typeof v === "string"));
    if (weakness) ctx.addIssue({ code: "custom", path: [field], message: weakness });
  };
}

export const createUserSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().max(100).optional(),
    password: passwordSchema,
    role: roleSchema,
  })
  .superRefine(notAboutTheUser("password", (v) => [v.email, v.name]));
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    name: z.string().trim().max(100).nullable().optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: "Nothing to change" });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const resetPasswordSchema = z.object({ password: passwordSchema }).meta({
  description: "A reset ends every session of the user and revokes all of their API tokens.",
});

export const changeOwnPasswordSchema = z
  .object({
    currentPassword: z.string().min(1, { error: "Enter your current password" }),
    newPassword: passwordSchema,
  })
  .meta({ description: "A new password ends every session of the user, this one included; API tokens keep working." });
export type ChangeOwnPasswordInput = z.infer<typeof changeOwnPasswordSchema>;

export const userSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.date().transform((d) => d.toISOString()),
});
export type UserOut = z.output<typeof userSchema>;
export const userListSchema = z.object({ users: z.array(userSchema) });
