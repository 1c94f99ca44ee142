import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { previewTrigger } from "@/lib/triggers/schedule";
import { triggerPreviewSchema, triggerSchema } from "@/lib/triggers/schemas";

// The next five fire times of a trigger, or why it is invalid. Takes the raw trigger so an invalid
// cron expression answers 200 with its reason (the wizard's live preview) rather than a 422.
const body = z.object({
  trigger: z.object({ type: z.string(), mode: z.string().optional(), cron: z.string().optional(), timezone: z.string().optional() }).passthrough(),
});

export const POST = apiRoute({ role: "viewer", body, output: triggerPreviewSchema }, ({ body }) => {
  const parsed = triggerSchema.safeParse(body.trigger);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? String(issue.path[0]) : null;
    return { valid: false, error: issue.message, field, cron: body.trigger.cron ?? null, nextRuns: [] };
  }
  return previewTrigger(parsed.data);
});
