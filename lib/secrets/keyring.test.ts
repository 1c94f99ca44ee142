import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decrypt, encrypt } from "./cipher";
import { ensureKeyFile, invalidateKeyring, keyFilePath, loadKeyring, newKeyId, writeKeyFile } from "./keyring";
import crypto from "node:crypto";

describe("keyring cache", () => {
  let dir: string;
  const saved = { DATA_DIR: process.env.DATA_DIR, ENCRYPTION_KEY: process.env.ENCRYPTION_KEY };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-keyring-"));
    process.env.DATA_DIR = dir;
    delete process.env.ENCRYPTION_KEY;
    invalidateKeyring();
    ensureKeyFile();
  });
  afterEach(() => {
    process.env.DATA_DIR = saved.DATA_DIR;
    if (saved.ENCRYPTION_KEY === undefined) delete process.env.ENCRYPTION_KEY;
    else process.env.ENCRYPTION_KEY = saved.ENCRYPTION_KEY;
    invalidateKeyring();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("looks at the key file at most once a second", () => {
    const t = 1_000_000;
    const first = loadKeyring(t);
    const stat = fs.statSync;
    let stats = 0;
    (fs as { statSync: typeof fs.statSync }).statSync = ((...a: Parameters<typeof fs.statSync>) => (stats++, stat(...a))) as typeof fs.statSync;
    try {
      for (let i = 0; i < 100; i++) expect(loadKeyring(t + 500)).toBe(first);
      expect(stats).toBe(0);
      expect(loadKeyring(t + 1_500)).toBe(first);
      expect(stats).toBe(1);
    } finally {
      (fs as { statSync: typeof fs.statSync }).statSync = stat;
    }
  });

  it("sees a key file another process rewrote, once its second is up", () => {
    const t = 2_000_000;
    const before = loadKeyring(t);
    // Another process (the CLI) writes a new key file; this process's cache does not know yet.
    const id = newKeyId();
    const body = { version: 1, current: id, keys: [{ id, key: crypto.randomBytes(32).toString("base64"), createdAt: new Date().toISOString() }] };
    fs.writeFileSync(keyFilePath(), JSON.stringify(body));
    fs.utimesSync(keyFilePath(), new Date(), new Date(Date.now() + 5_000));
    expect(loadKeyring(t + 10).currentId).toBe(before.currentId);
    expect(loadKeyring(t + 2_000).currentId).toBe(id);
  });

  it("decrypts a secret made with a key it has not seen yet by reading the file again", () => {
    loadKeyring();
    const id = newKeyId();
    const ring = { source: "file" as const, currentId: id, keys: new Map([[id, crypto.randomBytes(32)]]), rotating: false };
    const ct = encrypt("fresh", ring);
    // Written as another process would: the cache is not told.
    const body = { version: 1, current: id, keys: [{ id, key: ring.keys.get(id)!.toString("base64"), createdAt: new Date().toISOString() }] };
    fs.writeFileSync(keyFilePath(), JSON.stringify(body));
    fs.utimesSync(keyFilePath(), new Date(), new Date(Date.now() + 5_000));
    expect(decrypt(ct)).toBe("fresh");
  });

  it("drops the cache when this process writes the key file", () => {
    const id = newKeyId();
    writeKeyFile({ source: "file", currentId: id, keys: new Map([[id, crypto.randomBytes(32)]]), rotating: false });
    expect(loadKeyring().currentId).toBe(id);
  });
});
