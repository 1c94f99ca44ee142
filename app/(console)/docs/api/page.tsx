import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { openApiDocument } from "@/lib/openapi/document";
import { COMPAT_SURFACES } from "@/lib/compat/surfaces";
import { OPERATIONS, type Operation } from "@/lib/openapi/operations";
import { OperationCard } from "./operation-card";

export const metadata: Metadata = { title: "API reference" };

const SURFACES: { surface: Operation["surface"]; title: string; blurb: string }[] = [
  { surface: "native", title: "Switchyard API", blurb: "What the console uses: users, tokens, connections, databases, feeds, runs and settings." },
  // Each compat surface describes itself (lib/compat/<vendor>-surface.ts).
  ...COMPAT_SURFACES.map(({ surface, title, blurb }) => ({ surface, title, blurb })),
];

export default async function ApiDocsPage() {
  await requirePageUser("viewer");
  const doc = openApiDocument() as { paths: Record<string, Record<string, Record<string, unknown>>> };
  return (
    <div className="space-y-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
          <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
            Every endpoint, generated from the same schemas the server validates with. Authenticate with an API token (Settings → API tokens) as{" "}
            <code className="font-mono text-xs">Authorization: Bearer …</code>, <code className="font-mono text-xs">x-imply-api-token</code>,{" "}
            <code className="font-mono text-xs">X-StorageApi-Token</code> or <code className="font-mono text-xs">X-API-Key</code>.
          </p>
        </div>
        <a href="/api/openapi.json" className="rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-50 focus-visible:outline-2 dark:border-zinc-700 dark:hover:bg-zinc-900" download>
          Download openapi.json
        </a>
      </header>
      <nav aria-label="API surfaces" className="flex flex-wrap gap-2 text-sm">
        {SURFACES.map((s) => (
          <a key={s.surface} href={`#${s.surface}`} className="rounded-full border border-zinc-200 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-800 dark:hover:bg-zinc-900">
            {s.title}
          </a>
        ))}
      </nav>
      {SURFACES.map((s) => {
        const ops = OPERATIONS.filter((o) => o.surface === s.surface);
        const tags = [...new Set(ops.map((o) => o.tag))];
        return (
          <section key={s.surface} id={s.surface} aria-labelledby={`${s.surface}-title`} className="space-y-4">
            <div>
              <h2 id={`${s.surface}-title`} className="text-lg font-semibold">
                {s.title}
              </h2>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">{s.blurb}</p>
            </div>
            {tags.map((tag) => (
              <div key={tag} className="space-y-2">
                {s.surface === "native" ? <h3 className="text-sm font-semibold tracking-wide text-zinc-500 uppercase">{tag}</h3> : null}
                {ops
                  .filter((o) => o.tag === tag)
                  .map((o) => (
                    <OperationCard key={`${o.method} ${o.path}`} method={o.method} path={o.path} summary={o.summary} role={o.role} spec={doc.paths[o.path][o.method]} />
                  ))}
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}
