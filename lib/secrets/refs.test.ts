import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { assertMaySetRefs, collectSecretRefs, describeSecretRef, parseSecretRef, refOrNull, resolveSecretRefs, resolveSecretValue, secretRefProblem, SecretRefError } from "./refs";

let dir: string;
let outside: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "refs-"));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "refs-out-"));
  process.env.SECRETS_DIR = dir;
  fs.writeFileSync(path.join(dir, "pg"), "s3cret-from-file\n");
  fs.writeFileSync(path.join(outside, "loot"), "not yours");
  fs.symlinkSync(path.join(outside, "loot"), path.join(dir, "link"));
  process.env.REFS_TEST_TOKEN = "tok-from-env";
});
afterAll(() => {
  delete process.env.SECRETS_DIR;
  delete process.env.REFS_TEST_TOKEN;
});

describe("secret references", () => {
  it("parses only whole values in Grafana's syntax", () => {
    expect(parseSecretRef("$__env{A_B}")).toEqual({ kind: "env", name: "A_B", raw: "$__env{A_B}" });
    expect(parseSecretRef(" $__file{/run/secrets/x} ")?.kind).toBe("file");
    expect(parseSecretRef("prefix $__env{A}")).toBeNull();
    expect(parseSecretRef("plain")).toBeNull();
    expect(parseSecretRef(42)).toBeNull();
  });

  it("resolves env and file references deep inside a secrets object, leaving other values alone", () => {
    const out = resolveSecretRefs({ password: "$__env{REFS_TEST_TOKEN}", headers: { "x-key": `$__file{${dir}/pg}` }, body: { n: 1, plain: "v" } });
    expect(out).toEqual({ password: "tok-from-env", headers: { "x-key": "s3cret-from-file" }, body: { n: 1, plain: "v" } });
  });

  it("names the reference when it cannot be resolved", () => {
    expect(() => resolveSecretRefs({ p: "$__env{REFS_TEST_MISSING}" })).toThrow(/\$__env\{REFS_TEST_MISSING\}.*not set/);
    expect(() => resolveSecretRefs({ p: `$__file{${dir}/nope}` })).toThrow(SecretRefError);
    expect(() => resolveSecretRefs({ p: `$__file{${dir}/nope}` })).toThrow(/does not exist/);
  });

  it("refuses the server's own variables and files outside SECRETS_DIR, links included", () => {
    for (const name of ["ENCRYPTION_KEY", "NEXTAUTH_SECRET", "DATABASE_URL", "SWITCHYARD_HOME", "PROVISIONING_MYSQL_URL"]) {
      expect(secretRefProblem(`$__env{${name}}`)).toMatch(/own configuration/);
    }
    expect(secretRefProblem("$__env{SWITCHYARD_SECRET_PG}")).toBeNull();
    expect(secretRefProblem("$__file{/etc/passwd}")).toMatch(/SECRETS_DIR/);
    expect(secretRefProblem(`$__file{${dir}/../x}`)).toMatch(/SECRETS_DIR/);
    expect(secretRefProblem("$__file{relative}")).toMatch(/absolute/);
    expect(() => resolveSecretRefs(`$__file{${dir}/link}`)).toThrow(/outside SECRETS_DIR/);
  });

  it("describes and collects references", () => {
    expect(describeSecretRef("$__env{PG_PASSWORD}")).toBe("from environment variable PG_PASSWORD");
    expect(describeSecretRef("$__file{/run/secrets/pg}")).toBe("from file /run/secrets/pg");
    expect(collectSecretRefs({ password: "$__env{A}", headers: { x: "$__file{/run/secrets/b}", y: "v" } })).toEqual({ password: "$__env{A}", "headers.x": "$__file{/run/secrets/b}" });
  });

  it("lets only an admin add or change a reference; keeping one is fine for anyone", () => {
    const before = { password: "$__env{A}" };
    expect(() => assertMaySetRefs("editor", before, { password: "$__env{A}" })).not.toThrow();
    expect(() => assertMaySetRefs("admin", before, { password: "$__env{B}" })).not.toThrow();
    try {
      assertMaySetRefs("editor", before, { password: "$__env{B}" }, (p) => `secrets.${p}`);
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).code).toBe("forbidden");
      expect((e as ApiError).fields).toEqual({ "secrets.password": "Only an admin can set a secret reference" });
    }
    expect(() => assertMaySetRefs("admin", {}, { password: "$__env{ENCRYPTION_KEY}" })).toThrow(/own configuration/);
  });

  it("resolves one secret as used, leaving plain values and absent ones alone", () => {
    expect(resolveSecretValue("$__env{REFS_TEST_TOKEN}")).toBe("tok-from-env");
    expect(resolveSecretValue("plain")).toBe("plain");
    expect(resolveSecretValue(undefined)).toBeUndefined();
    expect(() => resolveSecretValue("$__env{REFS_TEST_UNSET}")).toThrow(SecretRefError);
    expect(refOrNull(" $__env{A} ")).toBe("$__env{A}");
    expect(refOrNull("s3cret")).toBeNull();
  });
});
