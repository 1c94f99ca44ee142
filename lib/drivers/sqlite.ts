import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { dataDir } from "@/lib/config";
import { getSetting } from "@/lib/settings/service";
import { DriverError, plainValue, type DbSession, type TableRef } from "./types";

/** The folder SQLite connections may open files in: the admin's setting, else SQLITE_ALLOWED_DIR. */
export async function sqliteAllowedDir(): Promise<string | null> {
  const configured = (await getSetting("sqlite.allowedDir")) || process.env.SQLITE_ALLOWED_DIR || "";
  return configured ? path.resolve(/*turbopackIgnore: true*/ configured) : null;
}

// Enough for DATA_DIR's own files and its folders of run files; a bigger tree is still checked up to here.
const MAX_PROTECTED_ENTRIES = 20_000;

/** Device and inode of every file under DATA_DIR (console.db and its -wal/-shm, secret.key, session.secret, …). */
function protectedInodes(dir: string): Set<string> {
  const out = new Set<string>();
  const stack = [dir];
  let seen = 0;
  while (stack.length && seen < MAX_PROTECTED_ENTRIES) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (++seen > MAX_PROTECTED_ENTRIES) break;
      const full = path.join(current, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.isFile()) {
        try {
          const st = fs.statSync(full);
          out.add(`${st.dev}:${st.ino}`);
        } catch {
          // Gone since the listing: nothing to protect.
        }
      }
    }
  }
  return out;
}

/**
 * Refuses a file that is one of DATA_DIR's under another name. realpath catches symlinks; a hard
 * link has a path of its own inside the allowed folder, so only its device and inode give it away.
 */
function assertNotDataFile(st: fs.Stats, file: string): void {
  if (protectedInodes(dataDir()).has(`${st.dev}:${st.ino}`)) {
    throw new DriverError("not_allowed", `${file} is a link to one of Switchyard's own data files and cannot be opened as a connection`);
  }
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/** Resolves a connection's file inside the allowed folder; never the console's own DATA_DIR. */
export async function resolveSqliteFile(file: string): Promise<string> {
  const allowed = await sqliteAllowedDir();
  if (!allowed) {
    throw new DriverError("not_allowed", "SQLite connections are off: an admin must set the allowed folder (Settings, or SQLITE_ALLOWED_DIR)");
  }
  const candidate = path.resolve(/*turbopackIgnore: true*/ allowed, file);
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    throw new DriverError("database_not_found", `No SQLite database at ${file} in the allowed folder`);
  }
  const realAllowed = fs.realpathSync(allowed);
  const realData = fs.existsSync(dataDir()) ? fs.realpathSync(dataDir()) : dataDir();
  if (inside(real, realData) || inside(realData, real)) {
    throw new DriverError("not_allowed", "Switchyard's own data folder cannot be opened as a connection");
  }
  if (!inside(real, realAllowed)) throw new DriverError("not_allowed", `${file} is outside the folder SQLite connections may use`);
  assertNotDataFile(fs.statSync(real), file);
  return real;
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function openSqlite(file: string): Promise<DbSession> {
  const real = await resolveSqliteFile(file);
  const checked = fs.statSync(real);
  let db: Database.Database;
  try {
    db = new Database(real, { readonly: true, fileMustExist: true });
    db.prepare("SELECT count(*) FROM sqlite_master").get();
  } catch (e) {
    throw new DriverError("database_not_found", `${file} is not a readable SQLite database (${(e as Error).message})`);
  }
  // The file may have been swapped for a link between the check and the open: check what is open.
  const opened = fs.statSync(real);
  if (opened.dev !== checked.dev || opened.ino !== checked.ino) {
    db.close();
    throw new DriverError("not_allowed", `${file} changed while it was being opened`);
  }
  return {
    async listSchemas() {
      return ["main"];
    },
    async listTables() {
      return (db.prepare("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; type: string }[]).map((r) => ({
        schema: "main",
        name: r.name,
        type: r.type === "view" ? ("view" as const) : ("table" as const),
      }));
    },
    async scanTable(t: TableRef) {
      const cols = db.prepare(`SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?)`).all(t.name) as { name: string; type: string; nn: number; pk: number }[];
      if (!cols.length) throw new DriverError("query_failed", `Table ${t.name} does not exist`);
      const { n } = db.prepare(`SELECT count(*) AS n FROM ${q(t.name)}`).get() as { n: number };
      const samples = (db.prepare(`SELECT * FROM ${q(t.name)} LIMIT 3`).all() as Record<string, unknown>[]).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plainValue(v)])));
      const ddl = (db.prepare("SELECT sql FROM sqlite_master WHERE name = ?").get(t.name) as { sql: string } | undefined)?.sql ?? "";
      return { columns: cols.map((c) => ({ name: c.name, dataType: c.type || "ANY", nullable: !c.nn && !c.pk, isPrimaryKey: c.pk > 0 })), rowCount: n, samples, ddl };
    },
    async close() {
      db.close();
    },
  };
}
