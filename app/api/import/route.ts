import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { importBundle, parseBundle, parseSecrets } from "@/lib/bundle/import";
import { isDryRun } from "@/lib/bundle/rehearse";
import { importBodySchema, importResultSchema } from "@/lib/bundle/schemas";

// A bundle plus its secrets: all objects written in one transaction, or none (422 naming each
// invalid object and field). A dry run answers the same plan and writes nothing.
export const POST = apiRoute({ role: "editor", body: importBodySchema, output: importResultSchema }, async ({ req, actor, body }) => {
  const result = await importBundle(actor, parseBundle(body.bundle), parseSecrets(body.secrets), { dryRun: body.dryRun || isDryRun(req), testFeeds: body.testFeeds });
  if (!result.valid && !result.dryRun) {
    const fields = Object.fromEntries(result.errors.map((e) => [`${e.object}.${e.field}`, e.message]));
    return NextResponse.json(
      { error: { code: "unprocessable_entity", message: `Nothing was imported: ${result.errors.length} problem(s) in the bundle`, fields }, ...importResultSchema.parse(result) },
      { status: 422 },
    );
  }
  return result;
});
