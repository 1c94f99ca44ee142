import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

import { DatabaseError } from "./errors";
import { resolvedForUse } from "./service";

beforeAll(() => {
  process.env.RFU_DB_PW = "db-pw-resolved";
  process.env.RFU_SSH_PW = "ssh-pw-resolved";
});
afterAll(() => {
  delete process.env.RFU_DB_PW;
  delete process.env.RFU_SSH_PW;
});

const target = { dialect: "mysql" as const, host: "db", port: 3306, database: "sales", user: "app", password: "$__env{RFU_DB_PW}" };
const ssh = { host: "bastion", port: 22, username: "tunnel", password: "$__env{RFU_SSH_PW}", privateKey: undefined, privateKeyPassword: undefined };

describe("a database connection's secrets at their use", () => {
  it("resolves the password's and the SSH tunnel's references, leaving the stored target as it was", () => {
    const used = resolvedForUse(target, ssh);
    expect(used.target.password).toBe("db-pw-resolved");
    expect(used.ssh?.password).toBe("ssh-pw-resolved");
    expect(target.password).toBe("$__env{RFU_DB_PW}");
    expect(resolvedForUse({ ...target, password: "plain" }, null).target.password).toBe("plain");
  });

  it("fails naming the reference and the field it came from", () => {
    const fail = (t: typeof target, s: typeof ssh | null) => {
      try {
        resolvedForUse(t, s);
      } catch (e) {
        return e as DatabaseError;
      }
      throw new Error("resolved");
    };
    const db = fail({ ...target, password: "$__env{RFU_UNSET}" }, null);
    expect(db).toBeInstanceOf(DatabaseError);
    expect(db.reason).toBe("invalid_database_connection");
    expect(db.fields?.connection_uri).toContain("$__env{RFU_UNSET}");
    const tunnel = fail(target, { ...ssh, privateKeyPassword: "$__env{RFU_UNSET}" as never });
    expect(tunnel.reason).toBe("ssh_invalid_database_connection");
    expect(tunnel.fields?.ssh_settings).toContain("$__env{RFU_UNSET}");
  });
});
