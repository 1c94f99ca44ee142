import crypto from "node:crypto";
import type Database from "better-sqlite3";
import { decrypt, encrypt, isCiphertext } from "./cipher";
import { keyFilePath, loadKeyring, newKeyId, RECHECK_MS, writeKeyFile, type Keyring } from "./keyring";
import fs from "node:fs";
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
// It works on the raw better-sqlite3 client, not through lib/db/tx.ts: it runs only from the CLI
// (`switchyard secrets rotate`), in a process of its own, and each batch is one synchronous
// transaction with no await inside, so nothing else in that process can interleave on the
// connection (what the in-process lock of inTransaction is for). A server running beside it is
// another process: SQLite's file lock and busy_timeout serialise their writes, as for any commit,
// and the WHERE on the old value below handles a row that server changed in between.
// SQLite-only SQL (instr; better-sqlite3 statements with ? parameters): the PostgreSQL port rewrites this.
export function rotateSecrets(sqlite: Database.Database, options: Options = {}): RotationResult {
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
  for (const { table, key, column } of SECRET_COLUMNS) {
    const stale = sqlite.prepare(
      `SELECT "${key}" AS k, "${column}" AS v FROM "${table}" WHERE "${column}" IS NOT NULL AND "${column}" NOT LIKE ? LIMIT ?`,
    );
    const update = sqlite.prepare(`UPDATE "${table}" SET "${column}" = ? WHERE "${key}" = ? AND "${column}" = ?`);
    const pattern = `sy1.${ring.currentId}.%`;
    for (;;) {
      const rows = stale.all(pattern, batchSize) as { k: unknown; v: string }[];
      if (rows.length === 0) break;
      sqlite.transaction(() => {
        for (const row of rows) {
          if (!isCiphertext(row.v)) throw new Error(`${table}.${column} for ${String(row.k)} is not a ciphertext`);
          // The WHERE on the old value skips a row a running server changed meanwhile; the loop picks it up again.
          update.run(encrypt(decrypt(row.v, ring), ring), row.k, row.v);
        }
      })();
      reencrypted += rows.length;
      options.onBatch?.(reencrypted);
    }
  }

  const inUse = new Set<string>([ring.currentId]);
  for (const { table, column } of SECRET_COLUMNS) {
    const ids = sqlite
      .prepare(
        `SELECT DISTINCT substr("${column}", 5, instr(substr("${column}", 5), '.') - 1) AS id FROM "${table}" WHERE "${column}" IS NOT NULL`,
      )
      .all() as { id: string }[];
    for (const { id } of ids) inUse.add(id);
  }
  const retiredKeys = [...ring.keys.keys()].filter((id) => !inUse.has(id));
  if (ring.source === "file") {
    const keys = new Map([...ring.keys].filter(([id]) => inUse.has(id)));
    writeKeyFile({ ...ring, keys, rotating: keys.size > 1 });
  }
  return { keyId: ring.currentId, source: ring.source, resumed, reencrypted, retiredKeys };
}

function waitUntil(epochMs: number): void {
  const ms = Math.ceil(epochMs - Date.now());
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
