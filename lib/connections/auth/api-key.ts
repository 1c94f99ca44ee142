import "server-only";
import type { z } from "zod";
import { performCheckRequest } from "../auth-request";
import type { apiKeyAuthSchema } from "../rest-schemas";
import { hostOf, nothingToCall, withParams, type AuthModule, type RunAuth } from "./types";

// API key: sent in a header (X-API-Key: <key>) or a query parameter (?api_key=<key>), name configurable.
type Input = z.infer<typeof apiKeyAuthSchema>;

function ready(config: Record<string, unknown>, key: string): RunAuth {
  const name = config.keyName as string;
  return config.keyIn === "query" ? { headers: {}, params: { [name]: key }, secrets: [key] } : { headers: { [name]: key }, params: {}, secrets: [key] };
}

export const apiKeyAuth: AuthModule<Input> = {
  secretFields: (input) => [{ key: "keyValue", field: "keyValue", value: input.keyValue, label: "API key" }],
  plain: (input) => ({ keyIn: input.keyIn, keyName: input.keyName, testUrl: input.testUrl }),
  output: (config, shown) => ({ keyIn: config.keyIn, keyName: config.keyName, keyValue: shown("keyValue"), testUrl: (config.testUrl as string) ?? "" }),
  target: (config) => hostOf(config.testUrl),
  async test(config, secrets) {
    if (!config.testUrl) return nothingToCall("no test URL is set; the key is sent with each request the script makes");
    const auth = ready(config, secrets.keyValue ?? "");
    return performCheckRequest(withParams(config.testUrl as string, auth.params), auth.headers, auth.secrets);
  },
  resolve: async (config, secrets) => ready(config, secrets.keyValue ?? ""),
};
