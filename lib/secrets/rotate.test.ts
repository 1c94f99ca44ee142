import crypto from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { scratchPostgres, type ScratchPostgres } from "@/lib/testing/scratch-postgres";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { decryptJson, encryptJson, keyIdOf } from "./cipher";
import { ensureKeyFile, keyFilePath, loadKeyring } from "./keyring";
import { postgresRotationStore, rotateSecrets, sqliteRotationStore } from "./rotate";

const temp = useTempDataDir();
afterAll(temp.cleanup);
beforeAll(() => {
  delete process.env.ENCRYPTION_KEY;
  ensureKeyFile();
});

function seed(n: number) {
  const db = getDb();
  db.delete(connections).run();
  for (let i = 0; i < n; i++) {
    db.insert(connections)
      .values({
        id: crypto.randomBytes(12).toString("hex"),
        kind: "rest",
        name: `conn_${i}`,
        config: { authType: "none" },
        secrets: encryptJson({ password: `secret-${i}` }),
      })
      .run();
  }
  // One connection without secrets: rotation must leave it alone.
  db.insert(connections).values({ id: crypto.randomBytes(12).toString("hex"), kind: "rest", name: "open_api", config: { authType: "none" } }).run();
}

function allReadable(): boolean {
  return getDb()
    .select()
    .from(connections)
    .all()
    .every((c) => c.secrets === null || decryptJson<{ password: string }>(c.secrets).password === `secret-${c.name.split("_")[1]}`);
}

describe("secrets rotate", () => {
  beforeEach(() => seed(25));

  it("re-encrypts every secret with a new key and retires the old one", async () => {
    const before = loadKeyring().currentId;
    const result = await rotateSecrets(sqliteRotationStore(getDb().$client), { batchSize: 10 });
    expect(result.reencrypted).toBe(25);
    expect(result.keyId).not.toBe(before);
    expect(result.retiredKeys).toEqual([before]);
    const ring = loadKeyring();
    expect([...ring.keys.keys()]).toEqual([result.keyId]);
    expect(ring.rotating).toBe(false);
    expect(fs.statSync(keyFilePath()).mode & 0o777).toBe(0o600);
    expect(allReadable()).toBe(true);
    for (const c of getDb().select().from(connections).all()) if (c.secrets) expect(keyIdOf(c.secrets)).toBe(result.keyId);
  });

  it("leaves everything readable when interrupted, and resumes with the same new key", async () => {
    const old = loadKeyring().currentId;
    await expect(
      rotateSecrets(sqliteRotationStore(getDb().$client), {
        batchSize: 10,
        onBatch: () => {
          throw new Error("simulated crash");
        },
      }),
    ).rejects.toThrow("simulated crash");
    const midway = loadKeyring();
    expect(midway.rotating).toBe(true);
    expect(midway.keys.has(old)).toBe(true);
    expect(allReadable()).toBe(true);

    const result = await rotateSecrets(sqliteRotationStore(getDb().$client), { batchSize: 10 });
    expect(result.resumed).toBe(true);
    expect(result.keyId).toBe(midway.currentId);
    expect(result.reencrypted).toBe(15);
    expect(loadKeyring().keys.size).toBe(1);
    expect(allReadable()).toBe(true);
  });

  it("moves secrets to a new ENCRYPTION_KEY using ENCRYPTION_KEY_PREVIOUS", async () => {
    const oldKey = crypto.randomBytes(32).toString("base64");
    process.env.ENCRYPTION_KEY = oldKey;
    seed(5);
    process.env.ENCRYPTION_KEY = crypto.randomBytes(32).toString("hex");
    process.env.ENCRYPTION_KEY_PREVIOUS = oldKey;
    const result = await rotateSecrets(sqliteRotationStore(getDb().$client));
    expect(result.source).toBe("env");
    expect(result.reencrypted).toBe(5);
    expect(result.retiredKeys).toHaveLength(1);
    delete process.env.ENCRYPTION_KEY_PREVIOUS;
    expect(allReadable()).toBe(true);
    delete process.env.ENCRYPTION_KEY;
  });

  it("leaves secret references as written: they are re-encrypted untouched, never resolved", async () => {
    process.env.ROTATE_TEST_PW = "resolved-value-never-stored";
    const id = crypto.randomBytes(12).toString("hex");
    const refs = { password: "$__env{ROTATE_TEST_PW}", ssh_private_key: "$__file{/run/secrets/key}" };
    getDb().insert(connections).values({ id, kind: "database", name: "with_refs", config: { source: "console", dialect: "sqlite", uri: "sqlite:///x.db", use_ssh: false }, secrets: encryptJson(refs) }).run();
    const before = getDb().select().from(connections).all().find((c) => c.id === id)!.secrets!;
    const result = await rotateSecrets(sqliteRotationStore(getDb().$client), { batchSize: 10 });
    const after = getDb().select().from(connections).all().find((c) => c.id === id)!.secrets!;
    expect(keyIdOf(after)).toBe(result.keyId);
    expect(after).not.toBe(before);
    expect(decryptJson(after)).toEqual(refs);
    delete process.env.ROTATE_TEST_PW;
  });
});

describe("secrets rotate on the PostgreSQL store", () => {
  let scratch: ScratchPostgres;
  let client: pg.Client;
  beforeAll(async () => {
    scratch = await scratchPostgres("switchyard_rotate");
    client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await scratch?.drop();
  });

  it("re-encrypts every secret with a new key, batch by batch, and retires the old key", async () => {
    const before = loadKeyring().currentId;
    for (let i = 0; i < 12; i++) {
      await client.query("INSERT INTO connections (id, kind, name, config, secrets) VALUES ($1, 'rest', $2, '{}', $3)", [`pg${i}`, `conn_${i}`, encryptJson({ password: `secret-${i}` })]);
    }
    await client.query("INSERT INTO connections (id, kind, name, config) VALUES ('open', 'rest', 'open_api', '{}')");
    let batches = 0;
    const result = await rotateSecrets(postgresRotationStore(client), {
      batchSize: 5,
      onBatch: () => {
        batches++;
      },
    });
    expect(result.reencrypted).toBe(12);
    expect(batches).toBe(3);
    expect(result.retiredKeys).toEqual([before]);
    const { rows } = await client.query<{ name: string; secrets: string | null }>("SELECT name, secrets FROM connections");
    for (const r of rows) {
      if (r.name === "open_api") expect(r.secrets).toBeNull();
      else {
        expect(keyIdOf(r.secrets!)).toBe(result.keyId);
        expect(decryptJson<{ password: string }>(r.secrets!).password).toBe(`secret-${r.name.split("_")[1]}`);
      }
    }
  });
});
