import "server-only";
import { performCheckRequest } from "../auth-request";
import type { z } from "zod";
import type { bearerAuthSchema } from "../rest-schemas";
import { hostOf, nothingToCall, type AuthModule } from "./types";

// Bearer token: every request the script makes carries "Authorization: Bearer <token>".
type Input = z.infer<typeof bearerAuthSchema>;

export const bearerAuth: AuthModule<Input> = {
  secretFields: (input) => [{ key: "token", field: "token", value: input.token, label: "token" }],
  plain: (input) => ({ testUrl: input.testUrl }),
  output: (config, shown) => ({ token: shown("token"), testUrl: (config.testUrl as string) ?? "" }),
  target: (config) => hostOf(config.testUrl),
  async test(config, secrets) {
    if (!config.testUrl) return nothingToCall("no test URL is set; the token is sent with each request the script makes");
    return performCheckRequest(config.testUrl as string, { Authorization: `Bearer ${secrets.token ?? ""}` }, [secrets.token ?? ""]);
  },
  async resolve(_config, secrets) {
    const token = secrets.token ?? "";
    return { headers: { Authorization: `Bearer ${token}` }, params: {}, secrets: [token] };
  },
};
