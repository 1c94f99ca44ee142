import { expect, test } from "@playwright/test";
import { asAdmin, bare } from "../support/api";

test("the OpenAPI 3.1 document covers the native API and every compat surface, and the console shows it", async () => {
  const res = await (await bare()).get("/api/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toBe("3.1.0");
  for (const path of ["/api/feeds", "/api/v1/connections", "/api/v1/database-connections", "/api/v1/table-descriptions/sync-schemas", "/zoomdata/service/connections", "/zoomdata/service/connection/types"]) {
    expect(doc.paths[path], path).toBeTruthy();
  }
  expect(doc.servers[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(doc.components.securitySchemes.implyApiToken).toEqual({ type: "apiKey", in: "header", name: "x-imply-api-token" });
  const page = await (await asAdmin()).get("/docs/api");
  expect(page.status()).toBe(200);
  const html = await page.text();
  expect(html).toContain("API reference");
  expect(html).toContain("/api/v1/database-connections");
});
