import { z } from "zod";
import { PASSWORD_MIN_LENGTH_VALUE } from "./password-rules";
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
  .max(200, { error: "Password must be at most 200 characters" });

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(100).optional(),
  password: passwordSchema,
  role: roleSchema,
});
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
