import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signedIn } from "../support/api";
import { startServer } from "../support/server";

test("a start with no environment creates the store, key, session secret and a printed admin; a restart keeps them", async () => {
  test.setTimeout(120_000);
  const server = await startServer({ label: "first-start" });
  try {
    const match = /email:\s+(\S+)\s+password:\s+(\S+)/.exec(server.log());
    expect(match, server.log()).not.toBeNull();
    const [, email, password] = match!;
    expect(email).toBe("admin@localhost");
    for (const f of ["console.db", "secret.key", "session.secret"]) expect(fs.existsSync(path.join(server.dataDir, f))).toBe(true);
    expect(fs.statSync(path.join(server.dataDir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(server.dataDir, "session.secret")).mode & 0o777).toBe(0o600);
    const ctx = await signedIn(email, password, server.baseURL);
    expect((await (await ctx.get("/api/me")).json()).role).toBe("admin");
    const key = fs.readFileSync(path.join(server.dataDir, "secret.key"), "utf8");
    await server.stop();

    const again = await startServer({ dataDir: server.dataDir });
    try {
      expect(again.log().match(/password:/g)?.length ?? 0).toBe(1); // printed once, on the first start only
      expect(fs.readFileSync(path.join(server.dataDir, "secret.key"), "utf8")).toBe(key);
      // The session cookie from before the restart is still valid: the session secret was kept.
      const cookies = await ctx.storageState();
      const reused = await (await import("@playwright/test")).request.newContext({ baseURL: again.baseURL, storageState: cookies });
      expect((await reused.get("/api/me")).status()).toBe(200);
      await signedIn(email, password, again.baseURL);
    } finally {
      await again.stop();
    }
  } finally {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
});

test("a bad ENCRYPTION_KEY stops the server with a clear message", async () => {
  await expect(startServer({ label: "bad-key", env: { ENCRYPTION_KEY: "short" } })).rejects.toThrow(/ENCRYPTION_KEY must be 32 bytes/);
});
