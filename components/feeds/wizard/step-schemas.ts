import { z } from "zod";
import { LANGUAGES, LOAD_TYPES } from "@/lib/db/enums";
import { feedNameSchema, requirementSchema } from "@/lib/feeds/schemas";

// One schema per wizard step, built from the API's own field schemas so the form and the server agree.

export const importStepSchema = z.object({
  dependencies: z.array(requirementSchema).max(50, { error: "At most 50 packages" }),
  language: z.enum(LANGUAGES),
  script: z
    .string()
    .max(200_000, { error: "Scripts are limited to 200,000 characters" })
    .refine((s) => s.trim().length > 0, { error: "Write the fetch script" }),
  loadType: z.enum(LOAD_TYPES),
  name: feedNameSchema,
});
export type ImportStepValues = z.input<typeof importStepSchema>;
export type ImportStepOutput = z.output<typeof importStepSchema>;

/** The first problem with a pip requirement, or null. */
export function requirementProblem(value: string): string | null {
  const parsed = requirementSchema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "Not a valid requirement");
}
