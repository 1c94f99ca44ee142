import crypto from "node:crypto";
import type Database from "better-sqlite3";
import { decrypt, encrypt, isCiphertext } from "./cipher";
import { keyFilePath, loadKeyring, newKeyId, RECHECK_MS, writeKeyFile, type Keyring } from "./keyring";
import fs from "node:fs";
import type pg from "pg";
import { SECRET_COLUMNS } from "./stores";

export type RotationResult = {
  keyId: string;
  source: Keyring["source"];
  resumed: boolean;
  reencrypted: number;
  retiredKeys: string[];
};

type Options = {
  batchSize?: number;
  // Called after each committed batch; tests throw from it to simulate an interrupted rotation.
  onBatch?: (done: number) => void;
};

/**
 * Re-encrypts every secret with a new key. File keys: adds the new key first and marks the file
 * "rotating", so an interrupted run leaves every secret readable and the next run resumes with the
 * same new key. Old keys leave the file only once nothing uses them. Environment keys: the operator
 * sets the new ENCRYPTION_KEY and the old one in ENCRYPTION_KEY_PREVIOUS; this re-encrypts to the new one.
 */
// It works on the store's raw connection (RotationStore below), not through lib/db/tx.ts: it runs
// only from the CLI (`switchyard secrets rotate`), in a process of its own, beside running servers.
// Each batch commits on its own; the WHERE on the old value skips a row a server changed in
// between (the loop picks it up again), so nothing a server writes meanwhile is overwritten.
export async function rotateSecrets(store: RotationStore, options: Options = {}): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 200;
  let ring = loadKeyring();
  let resumed = ring.rotating;
  if (ring.source === "file" && !ring.rotating) {
    const id = newKeyId();
    ring = { ...ring, keys: new Map(ring.keys).set(id, crypto.randomBytes(32)), currentId: id, rotating: true };
    writeKeyFile(ring);
    resumed = false;
  }
  // A running server looks at the key file at most once every RECHECK_MS (lib/secrets/keyring.ts).
  // Until it has seen the new key it still encrypts with the old one, so re-encrypting (and retiring
  // the old key) waits until every server must have seen the file as it is now.
  if (ring.source === "file") waitUntil(fs.statSync(keyFilePath()).mtimeMs + 2 * RECHECK_MS);

  let reencrypted = 0;
  const pattern = `sy1.${ring.currentId}.%`;
  for (const target of SECRET_COLUMNS) {
    for (;;) {
      const rows = await store.stale(target, pattern, batchSize);
      if (rows.length === 0) break;
      const changes = rows.map((row) => {
        if (!isCiphertext(row.v)) throw new Error(`${target.table}.${target.column} for ${String(row.k)} is not a ciphertext`);
        return { k: row.k, from: row.v, to: encrypt(decrypt(row.v, ring), ring) };
      });
      await store.replace(target, changes);
      reencrypted += rows.length;
      options.onBatch?.(reencrypted);
    }
  }

  const inUse = new Set<string>([ring.currentId]);
  for (const target of SECRET_COLUMNS) for (const id of await store.keyIds(target)) inUse.add(id);
  const retiredKeys = [...ring.keys.keys()].filter((id) => !inUse.has(id));
  if (ring.source === "file") {
    const keys = new Map([...ring.keys].filter(([id]) => inUse.has(id)));
    writeKeyFile({ ...ring, keys, rotating: keys.size > 1 });
  }
  return { keyId: ring.currentId, source: ring.source, resumed, reencrypted, retiredKeys };
}

type Target = (typeof SECRET_COLUMNS)[number];
type Change = { k: unknown; from: string; to: string };

/** The three statements rotation needs, on one store's raw connection. */
export type RotationStore = {
  /** Up to `limit` ciphertexts of a column not sealed with the current key (`pattern`). */
  stale(target: Target, pattern: string, limit: number): Promise<{ k: unknown; v: string }[]>;
  /** Each row's ciphertext replaced, in one transaction, where it is still the one read. */
  replace(target: Target, changes: Change[]): Promise<void>;
  /** The key ids a column's ciphertexts use (`sy1.<id>.…`). */
  keyIds(target: Target): Promise<string[]>;
};

export function sqliteRotationStore(sqlite: Database.Database): RotationStore {
  return {
    stale: async ({ table, key, column }, pattern, limit) =>
      sqlite.prepare(`SELECT "${key}" AS k, "${column}" AS v FROM "${table}" WHERE "${column}" IS NOT NULL AND "${column}" NOT LIKE ? LIMIT ?`).all(pattern, limit) as { k: unknown; v: string }[],
    replace: async ({ table, key, column }, changes) => {
      const update = sqlite.prepare(`UPDATE "${table}" SET "${column}" = ? WHERE "${key}" = ? AND "${column}" = ?`);
      sqlite.transaction(() => {
        for (const c of changes) update.run(c.to, c.k, c.from);
      })();
    },
    keyIds: async ({ table, column }) =>
      (sqlite.prepare(`SELECT DISTINCT substr("${column}", 5, instr(substr("${column}", 5), '.') - 1) AS id FROM "${table}" WHERE "${column}" IS NOT NULL`).all() as { id: string }[]).map((r) => r.id),
  };
}

export function postgresRotationStore(client: pg.ClientBase): RotationStore {
  return {
    stale: async ({ table, key, column }, pattern, limit) =>
      (await client.query(`SELECT "${key}" AS k, "${column}" AS v FROM "${table}" WHERE "${column}" IS NOT NULL AND "${column}" NOT LIKE $1 LIMIT $2`, [pattern, limit])).rows,
    replace: async ({ table, key, column }, changes) => {
      await client.query("BEGIN");
      try {
        for (const c of changes) await client.query(`UPDATE "${table}" SET "${column}" = $1 WHERE "${key}" = $2 AND "${column}" = $3`, [c.to, c.k, c.from]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw e;
      }
    },
    keyIds: async ({ table, column }) =>
      (await client.query(`SELECT DISTINCT split_part("${column}", '.', 2) AS id FROM "${table}" WHERE "${column}" IS NOT NULL`)).rows.map((r: { id: string }) => r.id),
  };
}

function waitUntil(epochMs: number): void {
  const ms = Math.ceil(epochMs - Date.now());
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
