import "server-only";
import { policyFetch } from "@/lib/net/http";
import { isDestinationNotAllowed } from "@/lib/net/policy";
import { isCredentialName, MASK, redactText as redactFreeText } from "@/lib/secrets/redact";
import type { ConnectionTestResult } from "./rest-schemas";

export type AuthRequest = {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  // Values to blank out of anything shown to people (secret headers and body values).
  secrets: string[];
};

export type AuthResponse = { status: number; headers: Record<string, string>; body: string; json: unknown };

const TIMEOUT_MS = 10_000;
// A test shows the status line and this much of the answer, redacted: enough to recognise an
// error page, too little to read an internal service through the console.
export const EXCERPT_CHARS = 200;
const MAX_ANSWER_BYTES = 1024 * 1024;
/** Replaces secret values, URIs' passwords and the values of secret-looking JSON fields with a mask. */
export function redactText(text: string, secrets: string[]): string {
  const out = redactFreeText(text, secrets);
  // A JSON string value cut off by a length limit (no closing quote) is masked too.
  return out.replace(/("([^"\\]*)"\s*:\s*)"(?:[^"\\]|\\.)*("|\\?$)/g, (m, prefix: string, key: string) => (isCredentialName(key) ? `${prefix}"${MASK}"` : m));
}

/** The first EXCERPT_CHARS characters of an answer, secrets and secret-looking fields masked. */
export function excerptOf(text: string, secrets: string[] = []): string {
  // Redact before cutting, so a secret cut in half by the limit is still masked.
  const redacted = redactText(text.slice(0, 64 * 1024), secrets);
  return redacted.length > EXCERPT_CHARS ? `${redacted.slice(0, EXCERPT_CHARS)}…` : redacted;
}

/** A typed failure for an error from policyFetch (refusals, DNS, TCP, TLS, timeouts). */
export function classifyNetworkError(error: unknown, timeoutMs = TIMEOUT_MS): { code: NonNullable<ConnectionTestResult["code"]>; message: string } {
  if (isDestinationNotAllowed(error)) return { code: "destination_not_allowed", message: (error as Error).message };
  const err = error as Error & { cause?: { code?: string; message?: string; name?: string } };
  const code = err.cause?.code ?? (err as { code?: string }).code ?? "";
  const detail = err.cause?.message ?? err.message;
  if (err.name === "TimeoutError" || err.name === "AbortError" || err.cause?.name === "TimeoutError" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") {
    return { code: "timeout", message: `No answer within ${timeoutMs / 1000} s` };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return { code: "dns_not_found", message: `Host not found (${detail})` };
  if (code === "ECONNREFUSED") return { code: "connection_refused", message: `Connection refused (${detail})` };
  if (/CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code + " " + detail)) return { code: "tls_error", message: `TLS error: ${detail}` };
  if (code === "ERR_TOO_MANY_REDIRECTS" || code === "ERR_UNSUPPORTED_URL" || code === "ERR_BODY_TOO_LARGE" || code === "ERR_INVALID_RESPONSE") return { code: "network_error", message: detail };
  // Other errors name only their code: their text may quote what the far end sent.
  return { code: "network_error", message: code ? `Network error (${code})` : "Network error" };
}

/** Performs a Custom Auth request. Never throws: failures come back typed. */
export async function performAuthRequest(req: AuthRequest): Promise<{ result: ConnectionTestResult; response: AuthResponse | null }> {
  const started = performance.now();
  let res: Response;
  try {
    res = await policyFetch(
      req.url,
      {
        method: req.method,
        headers: { accept: "application/json", ...(req.body !== null ? { "content-type": "application/json" } : {}), ...req.headers },
        body: req.method === "GET" ? null : req.body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
      { context: "server", maxRedirects: 5, maxBodyBytes: MAX_ANSWER_BYTES },
    );
  } catch (e) {
    const { code, message } = classifyNetworkError(e);
    return { result: { ok: false, code, message, status: null, timeMs: Math.round(performance.now() - started), excerpt: null }, response: null };
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    const { code, message } = classifyNetworkError(e);
    return { result: { ok: false, code, message, status: res.status, timeMs: Math.round(performance.now() - started), excerpt: null }, response: null };
  }
  const timeMs = Math.round(performance.now() - started);
  const excerpt = excerptOf(text, req.secrets);
  const headers = Object.fromEntries(res.headers.entries());
  if (res.status >= 400) {
    const code = res.status >= 500 ? "http_5xx" : "http_4xx";
    return { result: { ok: false, code, message: `The authorization server answered HTTP ${res.status}`, status: res.status, timeMs, excerpt }, response: null };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      result: { ok: false, code: "invalid_json", message: `HTTP ${res.status}, but the response is not JSON`, status: res.status, timeMs, excerpt },
      response: null,
    };
  }
  return {
    result: { ok: true, code: null, message: `HTTP ${res.status} in ${timeMs} ms`, status: res.status, timeMs, excerpt },
    response: { status: res.status, headers, body: text, json },
  };
}

/**
 * The request a Test button makes with ready credentials (bearer, API key, OAuth 2.0's test URL):
 * a GET that passes with any status below 400, whatever the answer's format. Never throws.
 */
export async function performCheckRequest(url: string, headers: Record<string, string>, secrets: string[]): Promise<ConnectionTestResult> {
  const started = performance.now();
  try {
    const res = await policyFetch(url, { method: "GET", headers: { accept: "application/json", ...headers }, signal: AbortSignal.timeout(TIMEOUT_MS) }, { context: "server", maxRedirects: 5, maxBodyBytes: MAX_ANSWER_BYTES });
    const text = await res.text();
    const timeMs = Math.round(performance.now() - started);
    const excerpt = excerptOf(text, secrets);
    if (res.status >= 400) return { ok: false, code: res.status >= 500 ? "http_5xx" : "http_4xx", message: `The test URL answered HTTP ${res.status}`, status: res.status, timeMs, excerpt };
    return { ok: true, code: null, message: `The test URL answered HTTP ${res.status} in ${timeMs} ms`, status: res.status, timeMs, excerpt };
  } catch (e) {
    const { code, message } = classifyNetworkError(e);
    return { ok: false, code, message, status: null, timeMs: Math.round(performance.now() - started), excerpt: null };
  }
}
