import { expect, test } from "@playwright/test";
import { asAdmin, unique } from "../support/api";

// The native lists page in SQL (issue 14, item 4): limit and cursor, total, a cursor that stays put
// while rows are inserted before it, filters, 400 naming a bad limit; Pivot's list stays an array.
// Every query is narrowed to this test's own prefix, so other tests' rows never count.

async function makeConnections(prefix: string, suffixes: string[]) {
  const ctx = await asAdmin();
  for (const s of suffixes) {
    const res = await ctx.post("/api/connections", { data: { name: `${prefix}_${s}`, authType: "none" } });
    expect(res.status(), await res.text()).toBe(201);
  }
  return ctx;
}

test("connections page by cursor with the total, and an insert before the cursor does not shift the next page", async () => {
  const prefix = unique("lst").replace(/[^A-Za-z0-9_]/g, "_");
  const ctx = await makeConnections(prefix, ["d", "B", "c", "a", "e"]);
  const q = `kind=rest&q=${encodeURIComponent(prefix)}`;

  const first = await (await ctx.get(`/api/connections?${q}&limit=2`)).json();
  expect(first.total).toBe(5);
  expect(first.connections.map((c: { name: string }) => c.name)).toEqual([`${prefix}_a`, `${prefix}_B`]);
  expect(typeof first.nextCursor).toBe("string");

  await makeConnections(prefix, ["0"]); // sorts before the cursor
  const second = await (await ctx.get(`/api/connections?${q}&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
  expect(second.connections.map((c: { name: string }) => c.name)).toEqual([`${prefix}_c`, `${prefix}_d`]);
  expect(second.total).toBe(6);
  const third = await (await ctx.get(`/api/connections?${q}&limit=2&cursor=${encodeURIComponent(second.nextCursor)}`)).json();
  expect(third.connections.map((c: { name: string }) => c.name)).toEqual([`${prefix}_e`]);
  expect(third.nextCursor).toBeNull();

  // The default page is 50; another kind's filter finds none of these.
  expect((await (await ctx.get(`/api/connections?kind=druid&q=${encodeURIComponent(prefix)}`)).json())).toMatchObject({ connections: [], total: 0, nextCursor: null });
});

test("a bad limit or cursor is a 400 naming the field", async () => {
  const ctx = await asAdmin();
  for (const path of ["/api/connections", "/api/feeds", "/api/databases", "/api/druid-connections"]) {
    for (const limit of ["0", "501", "ten"]) {
      const res = await ctx.get(`${path}?limit=${limit}`);
      expect(res.status(), `${path} limit=${limit}`).toBe(400);
      expect((await res.json()).error.fields).toHaveProperty("limit");
    }
    const bad = await ctx.get(`${path}?cursor=nonsense`);
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.fields).toHaveProperty("cursor");
  }
  expect((await ctx.get("/api/connections?limit=500")).status()).toBe(200);
});

test("feeds list without scripts, filtered by name and tag, with every tag", async () => {
  const ctx = await asAdmin();
  const prefix = unique("lstf").toLowerCase().replace(/[^a-z0-9_]/g, "_");
  const tag = prefix.slice(0, 30);
  for (const [n, tags] of [["b", [tag]], ["a", [tag]], ["c", []]] as const) {
    const res = await ctx.post("/api/feeds", { data: { name: `${prefix}_${n}`, script: "print('secret-ish script')", tags } });
    expect(res.status(), await res.text()).toBe(201);
  }
  const page = await (await ctx.get(`/api/feeds?q=${prefix}&limit=2`)).json();
  expect(page.total).toBe(3);
  expect(page.feeds.map((f: { name: string }) => f.name)).toEqual([`${prefix}_a`, `${prefix}_b`]);
  for (const f of page.feeds) expect(f).not.toHaveProperty("script");
  expect(page.tags).toContain(tag);
  const next = await (await ctx.get(`/api/feeds?q=${prefix}&limit=2&cursor=${encodeURIComponent(page.nextCursor)}`)).json();
  expect(next.feeds.map((f: { name: string }) => f.name)).toEqual([`${prefix}_c`]);
  const tagged = await (await ctx.get(`/api/feeds?q=${prefix}&tag=${tag}`)).json();
  expect(tagged.total).toBe(2);
});

test("Pivot's list is still a bare array", async () => {
  const ctx = await asAdmin();
  const name = unique("lst_druid");
  const made = await ctx.post("/api/v1/connections", { data: { connection: { name, type: "druid", queryHosts: ["druid.example.com:8082"] } } });
  expect(made.status(), await made.text()).toBeLessThan(300);
  const list = await (await ctx.get("/api/v1/connections")).json();
  expect(Array.isArray(list)).toBe(true);
  expect(list.map((c: { name: string }) => c.name)).toContain(name);
});

test("Druid connections page by cursor and search by name, with the total, secrets masked", async () => {
  const ctx = await asAdmin();
  const prefix = unique("lstd").toLowerCase().replace(/[^a-z0-9_]/g, "_");
  for (const n of ["c", "a", "b"]) {
    const res = await ctx.post("/api/druid-connections", { data: { name: `${prefix}_${n}`, type: "druid", queryHosts: ["druid.example.com:8082"] } });
    expect(res.status(), await res.text()).toBe(201);
  }
  const first = await (await ctx.get(`/api/druid-connections?q=${prefix.toUpperCase()}&limit=2`)).json();
  expect(first.total).toBe(3);
  expect(first.connections.map((c: { name: string }) => c.name)).toEqual([`${prefix}_a`, `${prefix}_b`]);
  expect(first.connections[0]).toMatchObject({ kind: "druid", queryHosts: ["druid.example.com:8082"], fixed: false });
  const next = await (await ctx.get(`/api/druid-connections?q=${prefix}&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
  expect(next).toMatchObject({ total: 3, nextCursor: null });
  expect(next.connections.map((c: { name: string }) => c.name)).toEqual([`${prefix}_c`]);
  // The default page is 50.
  const all = await (await ctx.get("/api/druid-connections")).json();
  expect(all.connections.length).toBeLessThanOrEqual(50);
  expect(typeof all.total).toBe("number");
});

test("database connections search by name on the server", async () => {
  const ctx = await asAdmin();
  const q = unique("lstdb").toLowerCase();
  const res = await ctx.get(`/api/databases?q=${encodeURIComponent(q)}`);
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ databases: [], total: 0, nextCursor: null });
});
