import { describe, expect, it } from "vitest";
import { passwordWeakness } from "./password-rules";
import { changeOwnPasswordSchema, createUserSchema, resetPasswordSchema } from "./schemas";

describe("password strength", () => {
  it.each(["aaaaaaaaaa", "password123", "1234567890", "qwertyuiop", "Password1234!", "abcdefghijk"])("refuses %j", (password) => {
    expect(passwordWeakness(password)).toMatch(/^Too easy to guess: /);
  });

  it("accepts passphrases and generated passwords", () => {
    expect(passwordWeakness("correct horse battery staple")).toBeNull();
    expect(passwordWeakness("pw-Xk3_9aPqL2mN")).toBeNull();
  });

  it("counts the user's own email and name against the password", () => {
    expect(passwordWeakness("margueritelindqvist")).toBeNull();
    expect(passwordWeakness("margueritelindqvist", ["marguerite.lindqvist@example.com"])).toMatch(/your email or name/);
  });

  it("names the field in every schema that sets a password", () => {
    const create = createUserSchema.safeParse({ email: "a@b.io", password: "aaaaaaaaaa", role: "viewer" });
    expect(create.success || create.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["password", expect.stringMatching(/^Too easy to guess/)]]);
    const own = createUserSchema.safeParse({ email: "marguerite.lindqvist@example.com", password: "margueritelindqvist", role: "viewer" });
    expect(own.success || own.error.issues[0].path).toEqual(["password"]);
    const reset = resetPasswordSchema.safeParse({ password: "password123" });
    expect(reset.success || reset.error.issues[0].path).toEqual(["password"]);
    const change = changeOwnPasswordSchema.safeParse({ currentPassword: "x", newPassword: "qwertyuiop" });
    expect(change.success || change.error.issues[0].path).toEqual(["newPassword"]);
    expect(createUserSchema.safeParse({ email: "a@b.io", password: "correct horse battery staple", role: "viewer" }).success).toBe(true);
  });
});
