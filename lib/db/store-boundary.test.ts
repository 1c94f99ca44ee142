import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The services reach the store only through lib/db/tx.ts (db(), inTransaction(), writeDb()), in
// the drizzle calls both SQLite and PostgreSQL drivers answer the same way. This keeps it so.

const root = path.resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true }).flatMap((e) => {
    if (!e.isFile() || !/\.tsx?$/.test(e.name) || /\.test\.tsx?$/.test(e.name)) return [];
    return [path.relative(root, path.join(e.parentPath, e.name))];
  });
}

const serviceFiles = [...sources("lib"), ...sources("app")].filter(
  (f) =>
    !f.startsWith("lib/db/") &&
    !f.startsWith("lib/testing/") &&
    // The opener (bootstrap), and the caches that read SQLite's own change counters.
    !["lib/bootstrap.ts", "lib/api/store-version.ts", "lib/api/response-cache.ts"].includes(f),
);

// Files that talk to a database that is not the console store (a warehouse, a connection's database),
// and the key rotation, a CLI batch over either store's raw rows (lib/secrets/rotate.ts).
const OTHER_DATABASES = /^lib\/(destinations\/(sqlite-warehouse|column-types)|drivers\/|runners\/|secrets\/rotate\.ts$)/;

describe("the store boundary", () => {
  it("no service opens the store's connection itself", () => {
    const offenders = serviceFiles.filter((f) => /\bgetDb\(\)|getReadDb\(\)|\$client\b/.test(fs.readFileSync(path.join(root, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("no service uses the SQLite driver's synchronous calls (.get() / .all() / .run() / .changes)", () => {
    const offenders = serviceFiles
      .filter((f) => !OTHER_DATABASES.test(f))
      .flatMap((f) =>
        fs
          .readFileSync(path.join(root, f), "utf8")
          .split("\n")
          .flatMap((line, i) => (/\.(get|all|run)\(\)|\)\.changes\b/.test(line) && !/searchParams|headers|cookies|formData|Map|\.get\(\) \?\?/.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });
});
