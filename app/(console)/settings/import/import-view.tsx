"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { apiFetch, ApiClientError, errorMessage } from "@/lib/api-client";
import type { ImportResult } from "@/lib/bundle/schemas";

// Paste (or load) a bundle and its secrets, preview the dry run object by object, then import.
// Import is offered only for the exact text that was previewed and found valid.

const ACTION_TONE = { create: "success", update: "accent", unchanged: "neutral" } as const;

export function ImportView() {
  const [bundle, setBundle] = useState("");
  const [secrets, setSecrets] = useState("");
  const [preview, setPreview] = useState<{ key: string; result: ImportResult } | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  const key = JSON.stringify([bundle, secrets]);

  const send = async (dryRun: boolean) => {
    setBusy(dryRun ? "preview" : "import");
    setError(null);
    try {
      const result = await apiFetch<ImportResult>("/api/import", { method: "POST", body: { bundle, secrets: secrets.trim() ? secrets : undefined, dryRun } });
      if (dryRun) setPreview({ key, result });
      else {
        setDone(result);
        setPreview(null);
        // The secrets have done their job: they do not stay on the page.
        setSecrets("");
      }
    } catch (e) {
      const fields = e instanceof ApiClientError ? Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`) : [];
      setError([errorMessage(e), ...fields].join("\n"));
    } finally {
      setBusy(null);
    }
  };

  const loadFile = async (file: File | undefined, set: (v: string) => void) => {
    if (file) set(await file.text());
  };
  const shown = preview?.key === key ? preview.result : null;

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <a href="/api/export" className={buttonClasses("secondary", "sm")} download>
          Export everything (YAML)
        </a>
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="space-y-1.5">
          <label htmlFor="bundle" className="text-sm font-medium">
            Bundle (YAML or JSON)
          </label>
          <textarea id="bundle" value={bundle} onChange={(e) => setBundle(e.target.value)} rows={14} className="w-full rounded-md border border-zinc-300 p-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900" />
          <input type="file" aria-label="Bundle file" accept=".yaml,.yml,.json" onChange={(e) => loadFile(e.target.files?.[0], setBundle)} className="text-xs" />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="secrets" className="text-sm font-medium">
            Secrets (YAML: connections → name → field → value)
          </label>
          <textarea id="secrets" value={secrets} onChange={(e) => setSecrets(e.target.value)} rows={14} autoComplete="off" spellCheck={false} className="w-full rounded-md border border-zinc-300 p-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900" />
          <input type="file" aria-label="Secrets file" accept=".yaml,.yml,.json" onChange={(e) => loadFile(e.target.files?.[0], setSecrets)} className="text-xs" />
        </div>
      </div>
      <div className="flex gap-2">
        <Button variant="secondary" onClick={() => send(true)} loading={busy === "preview"} disabled={!bundle.trim() || busy !== null}>
          Preview
        </Button>
        <Button onClick={() => send(false)} loading={busy === "import"} disabled={!shown?.valid || busy !== null} title={shown?.valid ? undefined : "Preview the bundle first; import is offered once the preview is valid"}>
          Import
        </Button>
      </div>
      {error ? (
        <p role="alert" className="whitespace-pre-wrap text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {shown ? <PlanTable title={shown.valid ? "Preview: nothing has been written yet" : "Preview: this bundle cannot be imported"} result={shown} /> : null}
      {done ? <PlanTable title="Imported" result={done} /> : null}
    </div>
  );
}

function PlanTable({ title, result }: { title: string; result: ImportResult }) {
  return (
    <section aria-label={title} className="space-y-2">
      <h3 className="text-sm font-semibold">{title}</h3>
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="text-zinc-500">
            <th className="py-1">Object</th>
            <th>What happens</th>
            <th>Changed fields</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {result.objects.map((o) => (
            <tr key={`${o.type}:${o.name}`} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1">
                {o.type === "feed" ? "Feed" : "Connection"} <code className="font-mono">{o.name}</code>
              </td>
              <td>
                <Badge tone={ACTION_TONE[o.action]}>{result.dryRun ? `would ${o.action === "unchanged" ? "stay unchanged" : o.action}` : o.action}</Badge>
              </td>
              <td className="font-mono text-xs">{o.changes.join(", ")}</td>
              <td className="text-xs">
                {[o.note, o.activation?.message, o.webhookSecret ? `Webhook secret (shown once): ${o.webhookSecret}` : null].filter(Boolean).join(" · ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.errors.length ? (
        <ul role="alert" className="list-disc pl-5 text-sm text-red-700 dark:text-red-400">
          {result.errors.map((e) => (
            <li key={`${e.object}.${e.field}`}>
              <code className="font-mono">
                {e.object}.{e.field}
              </code>
              : {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
