import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

import type { ConnectionOf } from "@/lib/db/schema";
import { encryptJson } from "@/lib/secrets/cipher";
import { ensureKeyFile } from "@/lib/secrets/keyring";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import type { DatabaseConfig } from "./connection-spec";
import { displayUriOf, secretSummaryOf, toNativeDatabase } from "./native";

const temp = useTempDataDir();
afterAll(temp.cleanup);
beforeAll(() => ensureKeyFile());

const config: DatabaseConfig = { source: "console", dialect: "mysql", uri: "mysql+pymysql://app:••••@db:3306/sales", host: "db", port: 3306, database: "sales", user: "app", use_ssh: true, ssh: { host: "bastion", port: 22, username: "tunnel" } };
const row = (c: DatabaseConfig, secrets: string | null): ConnectionOf<"database"> => ({ id: "a".repeat(24), kind: "database", name: "sales", config: c, secrets, createdBy: null, updatedBy: null, createdAt: new Date(0), updatedAt: null, provisionedFrom: null });
const tables = { total: 0, scanned: 0, failed: 0, synchronizing: 0 };

describe("database connection outputs", () => {
  it("read which secrets exist and their references from the plain config, never decrypting", () => {
    // Not a ciphertext at all: decrypting it would throw.
    const out = toNativeDatabase(row({ ...config, secretFields: ["password", "ssh_password"], secretRefs: { password: "$__env{SALES_PW}" } }, "not-a-ciphertext"), tables);
    expect(out.uri).toBe("mysql+pymysql://app:$__env{SALES_PW}@db:3306/sales");
    expect(out.secretRefs).toEqual({ password: "$__env{SALES_PW}" });
    expect(out.ssh).toMatchObject({ hasPassword: true, hasPrivateKey: false });
  });

  it("decrypt rows saved before the config held that (once), with the same answer", () => {
    const old = row(config, encryptJson({ connection_uri: "mysql+pymysql://app:$__file{/run/secrets/pw}@db:3306/sales", ssh_private_key: "-----BEGIN KEY-----" }));
    expect(secretSummaryOf(old)).toEqual({ fields: new Set(["password", "ssh_private_key"]), refs: { password: "$__file{/run/secrets/pw}" } });
    expect(toNativeDatabase(old, tables).ssh).toMatchObject({ hasPassword: false, hasPrivateKey: true });
  });

  it("show a plain password as the mask", () => {
    expect(displayUriOf("mysql+pymysql://app:Planted@db/sales", {})).toBe("mysql+pymysql://app:••••@db/sales");
  });
});
