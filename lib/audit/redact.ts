import { redactObject } from "@/lib/secrets/redact";

// Audit summaries describe what changed, never the values of secrets. Callers pass field names and
// harmless values; this is the net under them, by the one redaction module's rules (credential-like
// keys at any depth, URIs in values rebuilt with their passwords masked).
export function redactSummary(value: unknown): unknown {
  return redactObject(value, "[redacted]");
}
