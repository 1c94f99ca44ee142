import { z } from "zod";
import { watcherSchema } from "@/lib/feeds/schemas";
import { triggerSchema, WEEKDAYS } from "@/lib/triggers/schemas";
import { formField, toTrigger } from "./trigger-form";

// The Trigger step's schema: the screen's fields, checked by turning them into the API's trigger and
// validating that with triggerSchema (the same schema the server uses). Loaded when the form validates.
export const triggerFormSchema = z
  .object({
    type: z.enum(["schedule", "webhook", "once", "none"]),
    scheduleMode: z.enum(["basic", "advanced"]),
    basicKind: z.enum(["interval", "weekly"]),
    every: z.number({ error: "Enter a number" }),
    unit: z.enum(["minutes", "hours"]),
    days: z.array(z.enum(WEEKDAYS)),
    time: z.string(),
    cron: z.string(),
    timezone: z.string(),
    onceAt: z.string(),
    watchers: z.array(watcherSchema).max(20, { error: "At most 20 watchers" }),
  })
  .superRefine((v, ctx) => {
    if (v.type === "once") {
      if (!v.onceAt) return void ctx.addIssue({ code: "custom", path: ["onceAt"], message: "Choose a date and time" });
      if (new Date(v.onceAt).getTime() <= Date.now()) return void ctx.addIssue({ code: "custom", path: ["onceAt"], message: "Choose a time in the future" });
    }
    const parsed = triggerSchema.safeParse(toTrigger(v));
    if (parsed.success) return;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [formField(String(issue.path[0] ?? ""))], message: issue.message });
  });
