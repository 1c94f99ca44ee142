import crypto from "node:crypto";
import { invalidateKeyring, loadKeyring, type Keyring } from "./keyring";

// Ciphertext format: "sy1.<keyId>.<base64url(iv[12] | tag[16] | data)>". The prefix and key id are
// authenticated as additional data, so neither can be swapped without the tag failing.
const VERSION = "sy1";

export class SecretDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretDecryptError";
  }
}

export function isCiphertext(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(`${VERSION}.`) && value.split(".").length === 3;
}

export function keyIdOf(ciphertext: string): string {
  if (!isCiphertext(ciphertext)) throw new SecretDecryptError("Not a Switchyard ciphertext");
  return ciphertext.split(".")[1];
}

export function encrypt(plaintext: string, ring: Keyring = loadKeyring()): string {
  const key = ring.keys.get(ring.currentId)!;
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`${VERSION}.${ring.currentId}`));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const blob = Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64url");
  return `${VERSION}.${ring.currentId}.${blob}`;
}

export function decrypt(ciphertext: string, given?: Keyring): string {
  const keyId = keyIdOf(ciphertext);
  let ring = given ?? loadKeyring();
  // A key this process has not seen yet may come from a rotation by another process (the CLI)
  // within the keyring cache's second: look at the key file again before giving up.
  if (!given && !ring.keys.has(keyId)) {
    invalidateKeyring();
    ring = loadKeyring();
  }
  const key = ring.keys.get(keyId);
  if (!key) throw new SecretDecryptError(`Secret was encrypted with key ${keyId}, which is not available`);
  const raw = Buffer.from(ciphertext.split(".")[2], "base64url");
  if (raw.length < 28) throw new SecretDecryptError("Ciphertext is truncated");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptError("Ciphertext failed authentication: it was altered or belongs to another key");
  }
}

export function encryptJson(value: Record<string, unknown>, ring?: Keyring): string {
  return encrypt(JSON.stringify(value), ring);
}

export function decryptJson<T = Record<string, unknown>>(ciphertext: string, ring?: Keyring): T {
  return JSON.parse(decrypt(ciphertext, ring)) as T;
}
