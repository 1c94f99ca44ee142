// Peak's feed name rules, each with its own message so the console can name every broken rule.
export const FEED_NAME_RULES = [
  { id: "alphanumeric", message: "Must be alphanumeric (letters, digits and underscores)", ok: (n: string) => /^[A-Za-z0-9_]*$/.test(n) },
  { id: "starts_with_letter", message: "Must start with a letter", ok: (n: string) => /^[A-Za-z]/.test(n) },
  { id: "no_trailing_underscore", message: "Must not end with an underscore", ok: (n: string) => !n.endsWith("_") },
  { id: "max_length", message: "Can have up to 50 characters", ok: (n: string) => n.length <= 50 },
] as const;

export function brokenFeedNameRules(name: string): string[] {
  return FEED_NAME_RULES.filter((r) => !r.ok(name)).map((r) => r.message);
}
