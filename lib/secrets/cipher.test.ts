import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { decrypt, decryptJson, encrypt, encryptJson, keyIdOf, SecretDecryptError } from "./cipher";
import { ensureKeyFile, KeyConfigError, keyFilePath, loadKeyring } from "./keyring";

const temp = useTempDataDir();
afterAll(temp.cleanup);
beforeAll(() => {
  delete process.env.ENCRYPTION_KEY;
  delete process.env.ENCRYPTION_KEY_PREVIOUS;
  ensureKeyFile();
});
afterEach(() => {
  delete process.env.ENCRYPTION_KEY;
  delete process.env.ENCRYPTION_KEY_PREVIOUS;
});

describe("secret cipher", () => {
  it("creates the key file with mode 0600 on first start", () => {
    expect(fs.statSync(keyFilePath()).mode & 0o777).toBe(0o600);
  });

  it("round-trips text and JSON and names the key in the ciphertext", () => {
    const ct = encrypt("hunter2-планета-🔑");
    expect(ct).not.toContain("hunter2");
    expect(keyIdOf(ct)).toBe(loadKeyring().currentId);
    expect(decrypt(ct)).toBe("hunter2-планета-🔑");
    expect(decryptJson(encryptJson({ password: "p", nested: { n: 1 } }))).toEqual({ password: "p", nested: { n: 1 } });
  });

  it("uses a fresh IV each time", () => {
    expect(encrypt("same")).not.toBe(encrypt("same"));
  });

  it("rejects tampered ciphertext instead of returning garbage", () => {
    const ct = encrypt("do not touch");
    const [v, kid, blob] = ct.split(".");
    const raw = Buffer.from(blob, "base64url");
    raw[raw.length - 1] ^= 0x01;
    expect(() => decrypt(`${v}.${kid}.${raw.toString("base64url")}`)).toThrow(SecretDecryptError);
    const tag = Buffer.from(blob, "base64url");
    tag[14] ^= 0xff;
    expect(() => decrypt(`${v}.${kid}.${tag.toString("base64url")}`)).toThrow(/altered/);
    expect(() => decrypt(`${v}.${kid}.${blob.slice(0, 20)}`)).toThrow(SecretDecryptError);
  });

  it("rejects a ciphertext whose key id was swapped", () => {
    const ct = encrypt("x");
    const [v, , blob] = ct.split(".");
    expect(() => decrypt(`${v}.kdeadbeef0000.${blob}`)).toThrow(/not available/);
    expect(() => decrypt("plain text")).toThrow(SecretDecryptError);
  });

  it("takes the key from ENCRYPTION_KEY when set, and validates it", () => {
    process.env.ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");
    const ring = loadKeyring();
    expect(ring.source).toBe("env");
    expect(decrypt(encrypt("env secret"))).toBe("env secret");
    process.env.ENCRYPTION_KEY = "too-short";
    expect(() => loadKeyring()).toThrow(KeyConfigError);
  });

  it("cannot read a file-key secret with a different environment key", () => {
    const ct = encrypt("file key secret");
    process.env.ENCRYPTION_KEY = "a".repeat(64);
    expect(() => decrypt(ct)).toThrow(SecretDecryptError);
  });
});
