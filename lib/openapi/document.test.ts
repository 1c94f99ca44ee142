import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document";
import { OPERATIONS } from "./operations";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Every route handler in app/: its URL path (with {params}) and exported methods. */
function routeHandlers(): { path: string; method: string }[] {
  const out: { path: string; method: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const rel = path.relative(path.join(ROOT, "app"), path.dirname(full));
        if (rel.startsWith("api/auth")) continue; // next-auth's own endpoints
        // Catch-alls (app/api/[[...path]] etc.) only answer unknown paths with the surface's error envelope.
        if (/\[\[?\.\.\.\w+\]\]?/.test(rel)) continue;
        const urlPath =
          "/" +
          rel
            .split(path.sep)
            .filter((s) => !/^\(.*\)$/.test(s))
            .map((s) => s.replace(/^\[(\w+)\]$/, "{$1}"))
            .join("/");
        const source = fs.readFileSync(full, "utf8");
        for (const m of source.matchAll(/^export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/gm)) out.push({ path: urlPath, method: m[1].toLowerCase() });
      }
    }
  };
  walk(path.join(ROOT, "app"));
  return out;
}

describe("OpenAPI document", () => {
  it("documents every route handler of the native API and the compat surfaces, and nothing that does not exist", () => {
    const handlers = routeHandlers().map((h) => `${h.method} ${h.path}`).sort();
    const documented = OPERATIONS.map((o) => `${o.method} ${o.path}`).sort();
    expect(documented).toEqual(handlers);
    expect(handlers.length).toBeGreaterThan(60);
  });

  it("is OpenAPI 3.1 with request and response schemas from the zod schemas", () => {
    const doc = openApiDocument("http://localhost:3000") as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> }; responses: Record<string, unknown>; parameters: { name: string; in: string }[] }>> };
    expect(doc.openapi).toBe("3.1.0");
    const createUser = doc.paths["/api/users"].post;
    const schema = createUser.requestBody!.content["application/json"].schema;
    expect(Object.keys(schema.properties!)).toEqual(["email", "name", "password", "role"]);
    expect(schema.required).toEqual(expect.arrayContaining(["email", "password", "role"]));
    expect(createUser.responses["201"]).toBeTruthy();
    const dh = doc.paths["/api/v1/database-connections"].post;
    expect(Object.keys(dh.requestBody!.content["application/json"].schema.properties!)).toEqual(expect.arrayContaining(["alias", "connection_uri", "use_ssh", "ssh_settings"]));
    expect(doc.paths["/api/v1/connections/{name}"].get.parameters).toEqual([expect.objectContaining({ name: "name", in: "path" })]);
    const audit = doc.paths["/api/audit"].get.parameters.map((p) => p.name);
    expect(audit).toEqual(expect.arrayContaining(["action", "page", "pageSize"]));
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });
});
