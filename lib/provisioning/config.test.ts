import fs from "node:fs";
import path from "node:path";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { provisionedCredentials, settings } from "@/lib/db/schema";
import { ensureKeyFile } from "@/lib/secrets/keyring";
import { SECRET_COLUMNS } from "@/lib/secrets/stores";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { PROVISIONING_BACKENDS } from "./backends";
import { backendConfig, backendStatuses, getProvisioningSettings, parseServerUrl, updateProvisioningSettings } from "./config";
import { expiryMs, requireBackend, requireType } from "./store";

const temp = useTempDataDir();
afterAll(temp.cleanup);
beforeAll(() => ensureKeyFile());
const ENV = ["PROVISIONING_MYSQL_URL", "PROVISIONING_REDSHIFT_URL", "PROVISIONING_SNOWFLAKE_ACCOUNT", "DOCKER_HOST", "PROVISIONING_EXPIRY_DAYS", "PROVISIONING_DOCKER_EXPIRY_DAYS"];
afterEach(() => {
  for (const k of ENV) delete process.env[k];
});
const blank = { mysqlUrl: "", redshiftUrl: "", snowflake: { account: "", user: "", password: "", warehouse: "" }, dockerHost: "" };

describe("provisioning backends", () => {
  it("keeps the schema's backend list equal to PROVISIONING_BACKENDS", () => {
    const column = getTableConfig(provisionedCredentials).columns.find((c) => c.name === "backend");
    expect((column as unknown as { enumValues: string[] }).enumValues).toEqual([...PROVISIONING_BACKENDS]);
  });

  it("parses administrative URLs, with default users and ports", () => {
    expect(parseServerUrl("mysql://root@127.0.0.1:3306", 3306)).toEqual({ host: "127.0.0.1", port: 3306, user: "root", password: "" });
    expect(parseServerUrl("postgresql://adm:p%40ss@db.example/dev", 5439)).toEqual({ host: "db.example", port: 5439, user: "adm", password: "p@ss", database: "dev" });
    expect(parseServerUrl("not a url", 3306)).toBeNull();
  });

  it("answers Keboola's 400s for unconfigured backends and disallowed types", async () => {
    await expect(requireBackend("mysql")).rejects.toThrow("'mysql' not found.");
    await expect(requireBackend("oracle")).rejects.toThrow("'oracle' not found.");
    process.env.PROVISIONING_MYSQL_URL = "mysql://root@127.0.0.1:3306";
    expect((await requireBackend("mysql")).backend).toBe("mysql");
    expect(() => requireType("mysql", "writer")).toThrow(/allowed types: transformations, sandbox/);
    expect(requireType("redshift-workspace", "luckyguess")).toBe("luckyguess");
  });

  it("takes expiry periods in days from the environment, fractions included", () => {
    expect(expiryMs("mysql")).toBe(14 * 86_400_000);
    expect(expiryMs("docker")).toBe(5 * 86_400_000);
    process.env.PROVISIONING_EXPIRY_DAYS = "0.5";
    expect(expiryMs("redshift-workspace")).toBe(43_200_000);
    process.env.PROVISIONING_EXPIRY_DAYS = "nonsense";
    expect(expiryMs("mysql")).toBe(14 * 86_400_000);
  });

  it("stores administrative credentials encrypted, shows them masked, keeps them when the mask is sent back, and prefers them to the environment", async () => {
    process.env.PROVISIONING_REDSHIFT_URL = "postgresql://env@env.example:5439/envdb";
    expect((await backendConfig("redshift-workspace"))?.source).toBe("environment");
    const saved = await updateProvisioningSettings(cliActor(), { ...blank, redshiftUrl: "postgresql://adm:Planted-Admin-Pw@127.0.0.1:5432/test", snowflake: { account: "xy1", user: "u", password: "Planted-Snow-Pw", warehouse: "wh" } });
    expect(saved.redshiftUrl).toBe("postgresql://adm:••••@127.0.0.1:5432/test");
    expect(saved.snowflake.password).toBe("••••");
    const row = getDb().select().from(settings).all().find((r) => r.key === "provisioning.backends")!;
    expect(JSON.stringify(row)).not.toMatch(/Planted/);
    expect(fs.readFileSync(path.join(temp.dir, "console.db")).includes("Planted")).toBe(false);
    expect(SECRET_COLUMNS).toContainEqual({ table: "settings", key: "key", column: "secrets" });
    expect(SECRET_COLUMNS).toContainEqual({ table: "provisioned_credentials", key: "id", column: "password" });

    await updateProvisioningSettings(cliActor(), { ...blank, redshiftUrl: saved.redshiftUrl, snowflake: saved.snowflake });
    const config = await backendConfig("redshift-workspace");
    expect(config).toMatchObject({ source: "settings", server: { user: "adm", password: "Planted-Admin-Pw", database: "test" } });
    expect(await backendConfig("snowflake")).toMatchObject({ snowflake: { password: "Planted-Snow-Pw" } });
    expect((await getProvisioningSettings()).backends.find((b) => b.backend === "snowflake")?.problem).toMatch(/no Snowflake driver/);

    await updateProvisioningSettings(cliActor(), blank);
    expect((await backendConfig("redshift-workspace"))?.source).toBe("environment");
    expect((await backendStatuses()).find((b) => b.backend === "docker")).toMatchObject({ configured: false, problem: expect.stringMatching(/DOCKER_HOST/) });
  });

  it("resolves a password's secret reference for the backends' use only, and shows it as written", async () => {
    const actor = cliActor();
    await updateProvisioningSettings(actor, { ...blank, mysqlUrl: "mysql://root:$__env{PROV_TEST_MYSQL_PW}@127.0.0.1:3306" });
    expect((await getProvisioningSettings()).mysqlUrl).toBe("mysql://root:$__env{PROV_TEST_MYSQL_PW}@127.0.0.1:3306");
    // Where the backend points is shown without resolving anything; its use names the unset reference.
    expect((await backendStatuses()).find((b) => b.backend === "mysql")).toMatchObject({ configured: true, target: "root@127.0.0.1:3306" });
    await expect(backendConfig("mysql")).rejects.toThrow("$__env{PROV_TEST_MYSQL_PW}");
    process.env.PROV_TEST_MYSQL_PW = "resolved-pw";
    try {
      expect(await backendConfig("mysql")).toMatchObject({ server: { password: "resolved-pw" } });
      // Saving the page back as shown keeps the reference.
      await updateProvisioningSettings(actor, { ...blank, mysqlUrl: (await getProvisioningSettings()).mysqlUrl });
      expect(await backendConfig("mysql", undefined, false)).toMatchObject({ server: { password: "$__env{PROV_TEST_MYSQL_PW}" } });
      expect(JSON.stringify(getDb().select().from(settings).all())).not.toContain("resolved-pw");
    } finally {
      delete process.env.PROV_TEST_MYSQL_PW;
      await updateProvisioningSettings(actor, blank);
    }
  });
});
