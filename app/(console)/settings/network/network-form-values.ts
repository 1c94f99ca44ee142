import { z } from "zod";
import { networkRulesSchema, type NetworkRules } from "@/lib/settings/network-schemas";

// The form edits each rule list as text, one rule per line; it parses with the setting's own schema.

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

const ruleLines = (list: (typeof networkRulesSchema)["shape"]["allow"]) => z.string().transform(lines).pipe(list);

export const networkRulesFormSchema = z.object({
  allow: ruleLines(networkRulesSchema.shape.allow),
  deny: ruleLines(networkRulesSchema.shape.deny),
  scriptsMayReachPrivate: networkRulesSchema.shape.scriptsMayReachPrivate,
  serverMayReachPrivate: networkRulesSchema.shape.serverMayReachPrivate,
});
export type NetworkRulesFormValues = z.input<typeof networkRulesFormSchema>;
export const RULE_LISTS = ["allow", "deny"] as const;

export function networkRulesFormDefaults(saved: NetworkRules): NetworkRulesFormValues {
  return {
    allow: saved.allow.join("\n"),
    deny: saved.deny.join("\n"),
    scriptsMayReachPrivate: saved.scriptsMayReachPrivate,
    serverMayReachPrivate: saved.serverMayReachPrivate,
  };
}

/** The textarea line a rule's index (as in `allow.2`) came from: blank lines are skipped when parsing. */
export function lineOfRule(text: string, index: number): number {
  let seen = -1;
  const all = text.split("\n");
  for (let i = 0; i < all.length; i++) {
    if (all[i].trim() && ++seen === index) return i + 1;
  }
  return index + 1;
}

/** One message for a rule list from errors keyed by index (client: nested objects; server: "allow.2" fields). */
export function ruleListMessage(text: string, byIndex: [string, string][]): string | undefined {
  if (!byIndex.length) return undefined;
  return byIndex
    .map(([index, message]) => (/^\d+$/.test(index) ? `Line ${lineOfRule(text, Number(index))}: ${message}` : message))
    .join(" · ");
}

/** Flattens react-hook-form's error for a list field: either { message } or { [index]: { message } }. */
export function nestedErrors(error: unknown): [string, string][] {
  if (!error || typeof error !== "object") return [];
  const own = (error as { message?: unknown }).message;
  if (typeof own === "string" && own) return [["", own]];
  return Object.entries(error as Record<string, unknown>).flatMap(([k, v]) => {
    const message = v && typeof v === "object" ? (v as { message?: unknown }).message : undefined;
    return typeof message === "string" && message ? [[k, message] as [string, string]] : [];
  });
}
