import { expect, test } from "@playwright/test";

test("GET /api/health answers ok without credentials", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
});

test("unknown errors and unauthenticated calls use the error envelope", async ({ request }) => {
  const res = await request.get("/api/users");
  expect(res.status()).toBe(401);
  expect(await res.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String), requestId: res.headers()["x-request-id"] } });
});
