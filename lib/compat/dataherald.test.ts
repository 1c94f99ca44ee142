import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

import { ApiError } from "@/lib/api/errors";
import type { ConnectionOf } from "@/lib/db/schema";
import { DATABASE_ERROR_REASONS, DatabaseError, type DatabaseErrorReason } from "@/lib/databases/errors";
import * as cipher from "@/lib/secrets/cipher";
import { ensureKeyFile } from "@/lib/secrets/keyring";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { dataheraldErrors, hostedDataheraldErrors, specOfDataherald, toDataheraldConnection } from "./dataherald";

const temp = useTempDataDir();
afterAll(temp.cleanup);
beforeAll(() => ensureKeyFile());

const info = { requestId: "r-1", body: { alias: "a", connection_uri: "postgresql://u:Planted-pw@h/db", llm_api_key: "Planted-llm" } };

describe("Dataherald's error envelope", () => {
  it("answers every reason of the domain with the engine's code and a 400 or 404", async () => {
    for (const reason of Object.keys(DATABASE_ERROR_REASONS) as DatabaseErrorReason[]) {
      const res = dataheraldErrors(new DatabaseError(reason, "m Planted-pw", "d"), info);
      expect([400, 404], reason).toContain(res.status);
      const body = await res.json();
      expect(body, reason).toMatchObject({ error_code: reason, message: "m ••••", description: "d", detail: { alias: "a", connection_uri: "postgresql://u:••••@h/db" } });
    }
  });

  it("names a missing connection db_connection_not_found on the hosted API's paths only", async () => {
    const missing = new DatabaseError("database_connection_not_found", "Database connection x not found", "No database connection has this id");
    expect((await dataheraldErrors(missing, info).json()).error_code).toBe("database_connection_not_found");
    const hosted = hostedDataheraldErrors(missing, info);
    expect([hosted.status, (await hosted.json()).error_code]).toEqual([404, "db_connection_not_found"]);
  });

  it("answers body validation as FastAPI does: 422 with a detail list", async () => {
    const res = dataheraldErrors(new ApiError("unprocessable_entity", "Invalid request body: alias: field required", { alias: "field required" }), info);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ detail: [{ loc: ["body", "alias"], msg: "field required", type: "value_error.missing" }] });
  });
});

describe("Dataherald's body as the neutral spec", () => {
  it("keeps its own settings and secrets apart from the connection's, and refuses an empty URI as a malformed one", () => {
    const spec = specOfDataherald({ alias: "a", use_ssh: false, connection_uri: "sqlite:///x.db", llm_api_key: "k", file_storage: { name: "S3", access_key_id: "id", secret_access_key: "s", region: "r", bucket: "b" } });
    expect(spec).toMatchObject({ name: "a", dialect: "sqlite", uri: "sqlite:///x.db", ssh: null, source: "dataherald", requireTables: true });
    expect(spec.options).toEqual({ file_storage: { name: "S3", region: "r", bucket: "b" } });
    expect(spec.secrets).toMatchObject({ llm_api_key: "k", file_storage_access_key_id: "id", file_storage_secret_access_key: "s" });
    expect(() => specOfDataherald({ alias: "a", use_ssh: false, connection_uri: "" })).toThrow(expect.objectContaining({ reason: "invalid_database_uri_format" }));
    expect(() => specOfDataherald({ alias: "a", use_ssh: false, connection_uri: "foo://foo/bar" })).toThrow(expect.objectContaining({ reason: "invalid_database_connection" }));
    expect(() => specOfDataherald({ alias: "a", use_ssh: true, connection_uri: "foo://foo/bar", ssh_settings: { host: "h", port: 22, username: "u", password: "p" } })).toThrow(
      expect.objectContaining({ reason: "ssh_invalid_database_connection" }),
    );
  });
});

describe("Dataherald's connection object", () => {
  const row = (secrets: Record<string, string>): ConnectionOf<"database"> =>
    ({ id: "b".repeat(24), kind: "database", name: "a", config: { source: "dataherald", dialect: "sqlite", uri: "sqlite:///x.db", use_ssh: false, ssh: null }, secrets: cipher.encryptJson(secrets), createdAt: new Date(0) }) as unknown as ConnectionOf<"database">;

  it("seals each stored secret once: the same stored secrets answer the same ciphertext without decrypting again, new ones are sealed anew", () => {
    const first = row({ connection_uri: "sqlite:///x.db", llm_api_key: "Planted-llm" });
    const a = toDataheraldConnection(first);
    const b = toDataheraldConnection({ ...first });
    // Encryption draws a fresh IV: the very same ciphertext again means it was kept, not decrypted and sealed again.
    expect(b).toEqual(a);
    expect(cipher.decrypt(a.connection_uri!)).toBe("sqlite:///x.db");
    expect(cipher.decrypt(a.llm_api_key!)).toBe("Planted-llm");
    expect(JSON.stringify(a)).not.toContain("Planted");

    const changed = toDataheraldConnection(row({ connection_uri: "sqlite:///x.db", llm_api_key: "Planted-llm-2" }));
    expect(cipher.decrypt(changed.llm_api_key!)).toBe("Planted-llm-2");
    // A secret reference is shown as written.
    expect(toDataheraldConnection(row({ connection_uri: "sqlite:///x.db", llm_api_key: "$__env{LLM_KEY}" })).llm_api_key).toBe("$__env{LLM_KEY}");
  });
});
