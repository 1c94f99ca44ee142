import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { buildBundle, bundleText } from "@/lib/bundle/export";
import { exportQuerySchema } from "@/lib/bundle/schemas";

// The chosen connections and feeds as a YAML (or JSON) bundle, no secret values in it.
export const GET = apiRoute({ role: "editor", query: exportQuerySchema }, async ({ query }) => {
  const text = bundleText(await buildBundle(query), query.format);
  const type = query.format === "json" ? "application/json" : "application/yaml";
  return new NextResponse(text, { status: 200, headers: { "content-type": `${type}; charset=utf-8`, "content-disposition": `attachment; filename="switchyard-bundle.${query.format === "json" ? "json" : "yaml"}"` } });
});
