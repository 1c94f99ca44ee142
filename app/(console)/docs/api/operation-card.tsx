const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  post: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  put: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  patch: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300",
  delete: "bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-300",
};

type Spec = {
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema: unknown }> }>;
};

function SchemaBlock({ label, schema }: { label: string; schema: unknown }) {
  return (
    <div>
      <p className="mb-1 text-xs font-semibold text-zinc-500 uppercase">{label}</p>
      <pre className="max-h-80 overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs leading-relaxed text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200">{JSON.stringify(schema, null, 2)}</pre>
    </div>
  );
}

/** One endpoint: method, path and summary, with its parameters and schemas behind a disclosure. */
export function OperationCard({ method, path, summary, role, spec }: { method: string; path: string; summary: string; role: string; spec: Record<string, unknown> }) {
  const s = spec as Spec;
  const success = Object.entries(s.responses ?? {}).find(([code]) => code.startsWith("2"));
  return (
    <details className="group rounded-lg border border-zinc-200 bg-white open:shadow-sm dark:border-zinc-800 dark:bg-zinc-950">
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-3 px-4 py-3 focus-visible:outline-2">
        <span className={`w-16 rounded px-2 py-0.5 text-center font-mono text-xs font-bold uppercase ${METHOD_STYLE[method]}`}>{method}</span>
        <code className="font-mono text-sm">{path}</code>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">{summary}</span>
        <span className="ml-auto rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{role === "public" ? "no auth" : `${role}+`}</span>
      </summary>
      <div className="grid gap-4 border-t border-zinc-200 px-4 py-4 md:grid-cols-2 dark:border-zinc-800">
        {s.parameters?.length ? (
          <div className="md:col-span-2">
            <p className="mb-1 text-xs font-semibold text-zinc-500 uppercase">Parameters</p>
            <ul className="space-y-1 text-sm">
              {s.parameters.map((p) => (
                <li key={`${p.in}:${p.name}`}>
                  <code className="font-mono">{p.name}</code> <span className="text-zinc-500">({p.in}{p.required ? ", required" : ""})</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {s.requestBody ? <SchemaBlock label="Request body" schema={Object.values(s.requestBody.content)[0]?.schema} /> : null}
        {success ? <SchemaBlock label={`Response ${success[0]}`} schema={success[1].content ? Object.values(success[1].content)[0]?.schema : success[1].description} /> : null}
      </div>
    </details>
  );
}
