import { describe, expect, it } from "vitest";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
import { maskedPaths, setPath, withoutMasks } from "./secret-paths";

// The export finds secret fields as the masked positions of the API's answer, whatever the auth type.
const answer = {
  authType: "custom",
  password: SECRET_MASK,
  headers: [
    { key: "Accept", value: "application/json", secret: false },
    { key: "X-Key", value: SECRET_MASK, secret: true },
  ],
  body: JSON.stringify({ client_id: "abc", client_secret: SECRET_MASK, auth: { token: SECRET_MASK } }, null, 2),
  futureAuth: { refreshToken: SECRET_MASK, scope: "read" },
};

describe("secret paths", () => {
  it("lists every masked field, inside JSON bodies and new auth types too", () => {
    expect(maskedPaths(answer)).toEqual(["password", "headers.1.value", "body.client_secret", "body.auth.token", "futureAuth.refreshToken"]);
  });

  it("leaves the masks out of the export: keys dropped, JSON body values null", () => {
    const out = withoutMasks(answer) as Record<string, unknown>;
    expect(out).not.toHaveProperty("password");
    expect((out.headers as Record<string, unknown>[])[1]).toEqual({ key: "X-Key", secret: true });
    expect(JSON.parse(out.body as string)).toEqual({ client_id: "abc", client_secret: null, auth: { token: null } });
    expect(out.futureAuth).toEqual({ scope: "read" });
    expect(JSON.stringify(out)).not.toContain(SECRET_MASK);
  });

  it("puts secrets back at their paths, without touching the original", () => {
    const exported = withoutMasks(answer);
    let filled = exported;
    for (const [p, v] of [["password", "pw"], ["headers.1.value", "hk"], ["body.client_secret", "cs"], ["body.auth.token", "tk"], ["futureAuth.refreshToken", "rt"]]) filled = setPath(filled, p, v);
    const f = filled as Record<string, unknown>;
    expect(f.password).toBe("pw");
    expect((f.headers as Record<string, unknown>[])[1].value).toBe("hk");
    expect(JSON.parse(f.body as string)).toEqual({ client_id: "abc", client_secret: "cs", auth: { token: "tk" } });
    expect(f.futureAuth).toEqual({ scope: "read", refreshToken: "rt" });
    expect((exported as Record<string, unknown>).password).toBeUndefined();
  });
});
