import "server-only";
import { performAuthRequest, type AuthRequest, type AuthResponse } from "../auth-request";
import type { ConnectionTestResult } from "../rest-schemas";
import { getPath } from "@/lib/secrets/redact";
import { hostOf, type AuthConfig, type RunAuth } from "./types";

// Session token: a login request like Custom Auth's; the token is read from the answer at a dotted
// JSON path and sent as a header (name + prefix) or a query parameter. The login part (secret
// headers and body values) is Custom Auth's own code in rest-service.ts; this module adds the token.

export const sessionPlain = (input: { tokenPath: string; tokenIn: "header" | "query"; tokenName: string; tokenPrefix: string }) => ({
  tokenPath: input.tokenPath,
  tokenIn: input.tokenIn,
  tokenName: input.tokenName,
  tokenPrefix: input.tokenIn === "header" ? input.tokenPrefix : "",
});

export const sessionOutput = (config: AuthConfig) => ({ tokenPath: config.tokenPath, tokenIn: config.tokenIn, tokenName: config.tokenName, tokenPrefix: config.tokenPrefix ?? "" });

export const sessionTarget = (config: Record<string, unknown>) => hostOf(config.authUrl);

type Login = { result: ConnectionTestResult; response: AuthResponse | null; auth: RunAuth | null };

/** Performs the login and reads the token; a missing path fails naming it. */
export async function sessionLogin(config: AuthConfig, request: AuthRequest): Promise<Login> {
  const { result, response } = await performAuthRequest(request);
  if (!response) return { result, response, auth: null };
  const path = config.tokenPath as string;
  const value = getPath(response.json, path);
  if (typeof value !== "string" && typeof value !== "number") {
    return { result: { ...result, ok: false, code: null, message: `The login answered HTTP ${response.status}, but has no token at ${path}` }, response, auth: null };
  }
  const token = String(value);
  const name = config.tokenName as string;
  const auth: RunAuth =
    config.tokenIn === "query"
      ? { headers: {}, params: { [name]: token }, secrets: [...request.secrets, token] }
      : { headers: { [name]: `${config.tokenPrefix ?? ""}${token}` }, params: {}, secrets: [...request.secrets, token] };
  return { result: { ...result, message: `${result.message}; token found at ${path}` }, response, auth };
}
