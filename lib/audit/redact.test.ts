import { describe, expect, it } from "vitest";
import { redactSummary } from "./redact";

describe("audit summary redaction", () => {
  it("drops values of secret-looking keys at any depth", () => {
    const out = JSON.stringify(
      redactSummary({
        role: "admin",
        password: "hunter2",
        nested: { apiKey: "k-123", headers: [{ Authorization: "Bearer abc" }], private_key: "---" },
        changed: ["password", "name"],
      }),
    );
    for (const secret of ["hunter2", "k-123", "Bearer abc", "---"]) expect(out).not.toContain(secret);
    expect(out).toContain('"role":"admin"');
    expect(out).toContain('"changed":["password","name"]');
  });
});
