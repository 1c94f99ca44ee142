"use client";

import { Tabs } from "./tabs";

const MAX_RECORDS = 10;

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Up to ten records as JSON and as a table, like Peak's preview. */
export function RunPreview({ records, columns, emptyText }: { records: Record<string, unknown>[] | null; columns?: string[] | null; emptyText: string }) {
  if (!records || records.length === 0) {
    return <p className="rounded-md border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">{emptyText}</p>;
  }
  const shown = records.slice(0, MAX_RECORDS);
  const keys = columns?.length ? columns : [...new Set(shown.flatMap((r) => Object.keys(r)))];
  return (
    <Tabs
      label="Preview format"
      tabs={[
        {
          id: "json",
          label: "JSON",
          content: (
            <pre className="max-h-96 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100 dark:bg-black/40">
              {JSON.stringify(shown, null, 2)}
            </pre>
          ),
        },
        {
          id: "tabular",
          label: "TABULAR",
          content: (
            <div className="max-h-96 overflow-auto rounded-md border border-zinc-200 dark:border-zinc-800">
              <table className="w-full border-collapse text-left font-mono text-xs">
                <thead className="sticky top-0 bg-zinc-50 dark:bg-zinc-900">
                  <tr>
                    {keys.map((k) => (
                      <th key={k} scope="col" className="border-b border-zinc-200 px-3 py-2 font-semibold whitespace-nowrap text-zinc-600 dark:border-zinc-800 dark:text-zinc-300">
                        {k}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {shown.map((r, i) => (
                    <tr key={i} className="bg-white dark:bg-zinc-950/40">
                      {keys.map((k) => (
                        <td key={k} className="max-w-64 truncate px-3 py-1.5 whitespace-nowrap text-zinc-800 dark:text-zinc-200" title={cell(r[k])}>
                          {cell(r[k])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ),
        },
      ]}
    />
  );
}
