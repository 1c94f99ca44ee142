import { z } from "zod";
import { SETTING_SCHEMAS } from "./schemas";

// Input and output of Settings -> Network (GET/PUT /api/settings/network) and the script-run limits
// (GET/PUT /api/settings/runs). The editable parts are the settings' own schemas; browser-safe.

/** PUT body: the admin-managed rules (`network.rules`). Rule errors name their index: `allow.2`. */
export const networkRulesSchema = SETTING_SCHEMAS["network.rules"];
export type NetworkRules = z.infer<typeof networkRulesSchema>;

const environmentRuleSchema = z.object({
  rule: z.string(),
  /** Why the policy cannot read the rule, or null. */
  problem: z.string().nullable(),
});

/** GET and PUT answer: the saved rules, plus what else is in force and cannot be changed here. */
export const networkSettingsSchema = networkRulesSchema.extend({
  /** From SWITCHYARD_NET_ALLOW / SWITCHYARD_NET_DENY: in force on top of the saved rules, read-only. */
  environment: z.object({ allow: z.array(environmentRuleSchema), deny: z.array(environmentRuleSchema) }),
  /** Refused whatever the rules say. */
  alwaysRefused: z.array(z.object({ what: z.string(), why: z.string() })),
});
export type NetworkSettings = z.infer<typeof networkSettingsSchema>;

/** GET/PUT /api/settings/runs: how many test runs may execute at once (`runs.testConcurrency`). */
export const runSettingsSchema = z.object({ testConcurrency: SETTING_SCHEMAS["runs.testConcurrency"] });
export type RunSettings = z.infer<typeof runSettingsSchema>;
