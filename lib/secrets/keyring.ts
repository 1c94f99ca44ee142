import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataPath } from "@/lib/config";

// Where the data-encryption keys come from: ENCRYPTION_KEY (+ ENCRYPTION_KEY_PREVIOUS while rotating)
// or DATA_DIR/secret.key, a 0600 JSON file the first start creates.

export type Keyring = {
  source: "env" | "file";
  currentId: string;
  keys: Map<string, Buffer>;
  // Set while a file-based rotation is under way; cleared when every secret uses currentId.
  rotating: boolean;
};

type KeyFile = {
  version: 1;
  current: string;
  keys: { id: string; key: string; createdAt: string }[];
  rotating?: boolean;
};

export class KeyConfigError extends Error {}

export function keyFilePath(): string {
  return dataPath("secret.key");
}

function parseKeyMaterial(value: string, variable: string): Buffer {
  const trimmed = value.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (buf.length !== 32) {
    throw new KeyConfigError(`${variable} must be 32 bytes, given as base64 or 64 hex characters`);
  }
  return buf;
}

// A key from the environment is named after its own hash, so a ciphertext always names the key it needs.
function envKeyId(key: Buffer): string {
  return "e" + crypto.createHash("sha256").update(key).digest("hex").slice(0, 11);
}

export function newKeyId(): string {
  return "k" + crypto.randomBytes(6).toString("hex");
}

function keyringFromEnv(): Keyring | null {
  const current = process.env.ENCRYPTION_KEY;
  if (!current) return null;
  const key = parseKeyMaterial(current, "ENCRYPTION_KEY");
  const keys = new Map<string, Buffer>([[envKeyId(key), key]]);
  for (const prev of (process.env.ENCRYPTION_KEY_PREVIOUS ?? "").split(",").filter((s) => s.trim())) {
    const k = parseKeyMaterial(prev, "ENCRYPTION_KEY_PREVIOUS");
    keys.set(envKeyId(k), k);
  }
  return { source: "env", currentId: envKeyId(key), keys, rotating: keys.size > 1 };
}

function readKeyFile(file: string): Keyring {
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as KeyFile;
  } catch (e) {
    throw new KeyConfigError(`${file} is not a readable key file: ${(e as Error).message}`);
  }
  if (parsed.version !== 1 || !Array.isArray(parsed.keys) || !parsed.keys.some((k) => k.id === parsed.current)) {
    throw new KeyConfigError(`${file} is not a valid Switchyard key file`);
  }
  const keys = new Map(parsed.keys.map((k) => [k.id, parseKeyMaterial(k.key, `key ${k.id} in ${file}`)] as const));
  return { source: "file", currentId: parsed.current, keys, rotating: Boolean(parsed.rotating) };
}

export function writeKeyFile(ring: Keyring, file = keyFilePath()): void {
  const body: KeyFile = {
    version: 1,
    current: ring.currentId,
    keys: [...ring.keys].map(([id, key]) => ({ id, key: key.toString("base64"), createdAt: new Date().toISOString() })),
    ...(ring.rotating ? { rotating: true } : {}),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Write beside, then rename: an interrupted write never leaves a half key file.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(body, null, 2) + "\n", { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
  cache = undefined;
}

let cache: { ring: Keyring; file: string; mtimeMs: number; checkedAt: number } | undefined;
let envCache: { current: string; previous: string; ring: Keyring } | undefined;

// A rotation by this process (writeKeyFile) drops the cache at once; one by another process (the CLI)
// is seen at the next look at the file's mtime, made at most once a second: a stat per decrypt
// would cost more than the decrypt on a list of 1,000 rows.
export const RECHECK_MS = 1_000;

/** Drops the cached keyring, e.g. after a rotation wrote the key file by other means. */
export function invalidateKeyring(): void {
  cache = undefined;
  envCache = undefined;
}

/** The keyring in force. Re-reads the key file when it changed, so a rotation by the CLI reaches a running server. */
export function loadKeyring(now = Date.now()): Keyring {
  const current = process.env.ENCRYPTION_KEY;
  if (current) {
    const previous = process.env.ENCRYPTION_KEY_PREVIOUS ?? "";
    if (envCache && envCache.current === current && envCache.previous === previous) return envCache.ring;
    const ring = keyringFromEnv()!;
    envCache = { current, previous, ring };
    return ring;
  }
  const file = keyFilePath();
  if (cache && cache.file === file && now - cache.checkedAt < RECHECK_MS) return cache.ring;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    cache = undefined;
    throw new KeyConfigError(`No encryption key: set ENCRYPTION_KEY or start the server once to create ${file}`);
  }
  if (cache && cache.file === file && cache.mtimeMs === stat.mtimeMs) {
    cache.checkedAt = now;
    return cache.ring;
  }
  const ring = readKeyFile(file);
  cache = { ring, file, mtimeMs: stat.mtimeMs, checkedAt: now };
  return ring;
}

/** First start: create the key file (0600) unless ENCRYPTION_KEY is set. Returns true when it created one. */
export function ensureKeyFile(): boolean {
  if (process.env.ENCRYPTION_KEY) {
    loadKeyring(); // validates the variable early, with a clear message
    return false;
  }
  const file = keyFilePath();
  if (fs.existsSync(file)) {
    fs.chmodSync(file, 0o600);
    return false;
  }
  const id = newKeyId();
  writeKeyFile({ source: "file", currentId: id, keys: new Map([[id, crypto.randomBytes(32)]]), rotating: false }, file);
  return true;
}
