// Audit summaries describe what changed, never the values of secrets. Callers pass field names and
// harmless values; this is the net under them.
const SECRET_KEY = /(pass(word|phrase)?|secret|token|api[_-]?key|private[_-]?key|^key$|authorization|credential|hash|cookie)/i;

export function redactSummary(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[…]";
  if (Array.isArray(value)) return value.map((v) => redactSummary(v, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) && v !== null && typeof v !== "boolean" ? "[redacted]" : redactSummary(v, depth + 1),
      ]),
    );
  }
  return value;
}
