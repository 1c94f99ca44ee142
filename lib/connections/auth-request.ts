import "server-only";
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
const EXCERPT_CHARS = 400;
const SECRET_KEYS = /token|secret|password|passwd|key|auth|session|cookie|credential|signature/i;

/** Replaces secret values and the values of secret-looking JSON fields with a mask. */
export function redactText(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join("••••");
  return out.replace(/("([^"\\]*)"\s*:\s*)"(?:[^"\\]|\\.)*"/g, (m, prefix: string, key: string) => (SECRET_KEYS.test(key) ? `${prefix}"••••"` : m));
}

function classifyNetworkError(error: unknown): { code: ConnectionTestResult["code"]; message: string } {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? (err as { code?: string }).code ?? "";
  const detail = err.cause?.message ?? err.message;
  if (err.name === "TimeoutError" || err.name === "AbortError" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") {
    return { code: "timeout", message: `No answer within ${TIMEOUT_MS / 1000} s` };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return { code: "dns_not_found", message: `Host not found (${detail})` };
  if (code === "ECONNREFUSED") return { code: "connection_refused", message: `Connection refused (${detail})` };
  if (/CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code + " " + detail)) return { code: "tls_error", message: `TLS error: ${detail}` };
  return { code: "network_error", message: detail };
}

/** Performs a Custom Auth request. Never throws: failures come back typed. */
export async function performAuthRequest(req: AuthRequest): Promise<{ result: ConnectionTestResult; response: AuthResponse | null }> {
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: { accept: "application/json", ...(req.body !== null ? { "content-type": "application/json" } : {}), ...req.headers },
      body: req.method === "GET" ? undefined : (req.body ?? undefined),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "follow",
    });
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
  const excerpt = redactText(text.slice(0, EXCERPT_CHARS), req.secrets) + (text.length > EXCERPT_CHARS ? "…" : "");
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
