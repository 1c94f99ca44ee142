import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

import { readSecrets } from "@/lib/connections/store";
import { getDb } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { ensureKeyFile } from "@/lib/secrets/keyring";
import { encryptJson } from "@/lib/secrets/cipher";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { migrateLegacyPlaintextSecrets } from "./migrate-legacy";

const temp = useTempDataDir();
afterAll(temp.cleanup);
beforeAll(() => {
  delete process.env.ENCRYPTION_KEY;
  ensureKeyFile();
});

describe("migrateLegacyPlaintextSecrets", () => {
  it("moves a JDBC password out of plain config and rebuilds display URIs, once", async () => {
    const db = getDb();
    const jdbcId = crypto.randomBytes(12).toString("hex");
    const dhId = crypto.randomBytes(12).toString("hex");
    const jdbcUrl = "jdbc:mysql://root:Legacy-p@ss@127.0.0.1:3306/shop;password=Legacy-prop";
    db.insert(connections)
      .values({
        id: jdbcId,
        kind: "database",
        name: `legacy_${jdbcId}`,
        config: { source: "zoomdata", dialect: "mysql", uri: jdbcUrl, host: "127.0.0.1", port: 3306, database: "shop", use_ssh: false, zoomdata: { connectionTypeId: "SQL_MYSQL", type: "SQL", subStorageType: "MYSQL", jdbcUrl, userName: "root" } },
      })
      .run();
    db.insert(connections)
      .values({
        id: dhId,
        kind: "database",
        name: `legacy_${dhId}`,
        // The old regex kept what followed the password's first "@".
        config: { source: "dataherald", dialect: "postgresql", uri: "postgresql://bob:••••@Dh-tail@db.example/app", use_ssh: false },
        secrets: encryptJson({ connection_uri: "postgresql://bob:Dh-head@Dh-tail@db.example/app" }),
      })
      .run();
    expect(await migrateLegacyPlaintextSecrets()).toBe(2);
    const rows = db.select().from(connections).all();
    const text = JSON.stringify(rows.map((r) => r.config));
    for (const s of ["Legacy-p", "Legacy-prop", "Dh-tail", "Dh-head"]) expect(text).not.toContain(s);
    const jdbc = rows.find((r) => r.id === jdbcId)!;
    expect(readSecrets<{ jdbc_password: string }>(jdbc).jdbc_password).toBe("Legacy-p@ss");
    expect((jdbc.config as { uri: string }).uri).toBe("jdbc:mysql://root:••••@127.0.0.1:3306/shop;password=••••");
    expect(await migrateLegacyPlaintextSecrets()).toBe(0);
  });
});
