import { NextResponse } from "next/server";
import { keboolaCreateSchema, keboolaListQuerySchema, keboolaRoute, runIdOf, toKeboola } from "@/lib/compat/keboola";
import { DEFAULT_TYPE } from "@/lib/provisioning/backends";
import { getOrCreateCredentials } from "@/lib/provisioning/create-credentials";
import { findCredentialsByType } from "@/lib/provisioning/find-credentials";
import { requireBackend } from "@/lib/provisioning/store";

type P = { backend: string };

// Get-or-create, as Keboola's clients do it: GET ?type= (404 when there are none), then POST.
export const GET = keboolaRoute<undefined, typeof keboolaListQuerySchema, P>({ query: keboolaListQuerySchema }, async ({ actor, query, params }) => {
  const config = await requireBackend(params.backend);
  return toKeboola(await findCredentialsByType(actor, config, query.type ?? DEFAULT_TYPE[config.backend]), { usage: true });
});

// Idempotent: the existing credentials of that type (200), or new ones (201).
export const POST = keboolaRoute<typeof keboolaCreateSchema, undefined, P>({ body: keboolaCreateSchema }, async ({ actor, body, params, req }) => {
  const config = await requireBackend(params.backend);
  const { created, credentials } = await getOrCreateCredentials(actor, config, body.type ?? DEFAULT_TYPE[config.backend], runIdOf(req.headers));
  return NextResponse.json(toKeboola(credentials, { url: true }), { status: created ? 201 : 200 });
});
