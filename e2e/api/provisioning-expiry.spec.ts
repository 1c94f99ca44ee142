import { expect, test } from "@playwright/test";
import { signedIn } from "../support/api";
import { expectJson, mysqlLogin, newOwner, PROV_ADMIN, startProvisioningServer, until } from "../support/provisioning";

// The expiry job: credentials not touched for the period are dropped from the server, and the drop
// is audited. A period of a few seconds (PROVISIONING_EXPIRY_DAYS accepts fractions) stands in for 14 days.

test("the expiry job drops an expired sandbox from MariaDB and audits it", async () => {
  test.setTimeout(120_000);
  const server = await startProvisioningServer("prov-expiry", { PROVISIONING_EXPIRY_DAYS: String(6 / 86_400) });
  try {
    const admin = await signedIn(PROV_ADMIN.email, PROV_ADMIN.password, server.baseURL);
    const owner = await newOwner(server, admin);
    const c = await expectJson(await owner.kb.post("mysql", { data: { type: "sandbox" } }), 201);
    expect(new Date(c.expiration).getTime() - Number(c.touch)).toBe(6_000);
    await (await mysqlLogin(c.credentials)).end();
    await until(async () => ((await owner.kb.get(`mysql/${c.id}`)).status() === 404 ? true : undefined), 60_000, "the sandbox to expire");
    await expect(mysqlLogin(c.credentials)).rejects.toThrow(/denied/i);
    const audit = await (await admin.get("/api/audit?action=provisioning.expire&pageSize=50")).json();
    const event = audit.events.find((e: { targetId: string }) => e.targetId === c.id);
    expect(event).toMatchObject({ actorLabel: "system", action: "provisioning.expire" });
    expect(event.summary).toContain(c.credentials.user);
    expect(event.summary).not.toContain(c.credentials.password);
    expect((await expectJson(await owner.kb.get("mysql?type=sandbox"), 404)).message).toBe("Credentials not found.");
  } finally {
    await server.stop();
  }
});
