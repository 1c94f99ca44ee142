"use client";

import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { formatDateTime } from "@/components/ui/format";
import { KeyIcon, ZapIcon } from "@/components/ui/icons";
import { controlClasses } from "@/components/ui/input";
import { errorMessage } from "@/lib/api-client";
import { useUpdateTableDescription, type TableDescriptionOut } from "@/lib/databases/queries";
import { ColumnDescription } from "./column-description";
import { TableStatusChip } from "./database-badges";
import { qualifiedName } from "./tables-table";

type Props = {
  table: TableDescriptionOut | null;
  connectionId: string;
  canEdit: boolean;
  canScan: boolean;
  scanning: boolean;
  onScan: (name: string) => void;
  onClose: () => void;
};

/** One table: its description, its columns (descriptions editable in place) and up to three sample rows. */
export function TableDetailDialog({ table, onClose, ...rest }: Props) {
  return (
    <Dialog open={table !== null} onClose={onClose} title={table ? qualifiedName(table) : "Table"} className="sm:max-w-4xl">
      {table ? <TableDetail key={table.id} table={table} {...rest} /> : null}
    </Dialog>
  );
}

function TableDetail({ table, connectionId, canEdit, canScan, scanning, onScan }: Omit<Props, "onClose"> & { table: TableDescriptionOut }) {
  const update = useUpdateTableDescription(connectionId);
  const columns = table.columns;
  const patch = (p: Parameters<typeof update.mutateAsync>[0]["patch"], what: string) =>
    update.mutateAsync({ tableId: table.id, patch: p }).then(
      () => toast.success(`${what} saved`),
      (error: unknown) => {
        toast.error(errorMessage(error));
        throw error;
      },
    );
  const scanned = table.status === "SCANNED" || columns.some((c) => c.data_type);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-zinc-600 dark:text-zinc-400">
        <TableStatusChip status={table.status} error={table.errorMessage} />
        <span>{table.rowCount === null ? "Rows not counted yet" : `${new Intl.NumberFormat().format(table.rowCount)} rows`}</span>
        <span>Last scanned {formatDateTime(table.lastScannedAt, "never")}</span>
        {canScan && table.status !== "DEPRECATED" ? (
          <Button size="sm" variant="secondary" className="ml-auto" onClick={() => onScan(qualifiedName(table))} loading={scanning} disabled={table.status === "SYNCHRONIZING"}>
            {scanning ? null : <ZapIcon className="size-3.5" />}
            {table.status === "NOT_SCANNED" ? "Scan table" : "Scan again"}
          </Button>
        ) : null}
      </div>

      {table.status === "FAILED" && table.errorMessage ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50/70 px-3 py-2 text-sm break-words text-red-800 dark:border-red-900/60 dark:bg-red-950/30 dark:text-red-200">
          <span className="font-medium">The last scan failed: </span>
          {table.errorMessage}
        </p>
      ) : null}

      <TableDescriptionEditor value={table.description} canEdit={canEdit} onSave={(description) => patch({ description }, "Table description")} />

      <section aria-label="Columns" className="space-y-2">
        <h3 className="text-sm font-semibold">Columns</h3>
        {columns.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">Scan this table to see its columns and sample rows.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-left text-sm">
              <thead className="bg-zinc-50 text-xs tracking-wide text-zinc-500 uppercase dark:bg-zinc-900 dark:text-zinc-400">
                <tr>
                  <th className="px-3 py-2 font-medium">Name</th>
                  <th className="px-3 py-2 font-medium">Type</th>
                  <th className="px-3 py-2 font-medium">Nullable</th>
                  <th className="px-3 py-2 font-medium">Primary key</th>
                  <th className="px-3 py-2 font-medium">Description</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {columns.map((c) => (
                  <tr key={c.name} data-testid="column-row" data-column={c.name}>
                    <td className="px-3 py-2 font-mono text-[13px] font-medium whitespace-nowrap">{c.name}</td>
                    <td className="px-3 py-2 font-mono text-[13px] whitespace-nowrap text-zinc-600 dark:text-zinc-400">{c.data_type ?? "—"}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{c.nullable === undefined ? "—" : c.nullable ? "Yes" : "No"}</td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      {c.is_primary_key ? (
                        <span className="inline-flex items-center gap-1 text-amber-700 dark:text-amber-300">
                          <KeyIcon className="size-3.5" />
                          Yes
                        </span>
                      ) : (
                        <span className="text-zinc-400 dark:text-zinc-500">—</span>
                      )}
                    </td>
                    <td className="px-3 py-2">
                      <ColumnDescription
                        column={c.name}
                        value={c.description ?? null}
                        canEdit={canEdit}
                        onSave={(description) => patch({ columns: [{ name: c.name, description }] }, `Description of ${c.name}`)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {scanned ? <SampleRows rows={table.examples} columns={columns.map((c) => c.name)} /> : null}
    </div>
  );
}

function TableDescriptionEditor({ value, canEdit, onSave }: { value: string | null; canEdit: boolean; onSave: (v: string | null) => Promise<unknown> }) {
  const [draft, setDraft] = useState(value ?? "");
  const [saving, setSaving] = useState(false);
  const changed = draft.trim() !== (value ?? "").trim();
  if (!canEdit) {
    return (
      <section aria-label="Table description" className="space-y-1">
        <h3 className="text-sm font-semibold">Description</h3>
        <p className={cn("text-sm whitespace-pre-wrap", value ? "text-zinc-700 dark:text-zinc-300" : "text-zinc-400 dark:text-zinc-500")}>{value || "No description yet."}</p>
      </section>
    );
  }
  return (
    <div className="space-y-1.5">
      <label htmlFor="table-description" className="block text-sm font-semibold">
        Table description
      </label>
      <textarea
        id="table-description"
        rows={2}
        value={draft}
        maxLength={10_000}
        onChange={(e) => setDraft(e.target.value)}
        placeholder="What one row means, and anything a query writer should know."
        className={cn(controlClasses, "resize-y py-2")}
      />
      <div className="flex items-center justify-end gap-2">
        {changed ? (
          <Button size="sm" variant="ghost" onClick={() => setDraft(value ?? "")} disabled={saving}>
            Discard
          </Button>
        ) : null}
        <Button
          size="sm"
          variant="secondary"
          disabled={!changed}
          loading={saving}
          onClick={async () => {
            setSaving(true);
            await onSave(draft.trim() || null).catch(() => undefined);
            setSaving(false);
          }}
        >
          Save description
        </Button>
      </div>
    </div>
  );
}

function cell(v: unknown): { text: string; muted: boolean } {
  if (v === null || v === undefined) return { text: "null", muted: true };
  if (typeof v === "object") return { text: JSON.stringify(v), muted: false };
  return { text: String(v), muted: false };
}

function SampleRows({ rows, columns }: { rows: Record<string, unknown>[]; columns: string[] }) {
  const names = columns.length ? columns : Object.keys(rows[0] ?? {});
  return (
    <section aria-label="Sample rows" className="space-y-2">
      <h3 className="text-sm font-semibold">
        Sample rows <span className="font-normal text-zinc-500 dark:text-zinc-400">· up to 3</span>
      </h3>
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">The table was empty when it was scanned.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left font-mono text-xs">
            <thead className="bg-zinc-50 text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                {names.map((n) => (
                  <th key={n} className="px-3 py-2 font-medium whitespace-nowrap">
                    {n}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {rows.map((r, i) => (
                <tr key={i} data-testid="sample-row">
                  {names.map((n) => {
                    const { text, muted } = cell(r[n]);
                    return (
                      <td key={n} title={text} className={cn("max-w-64 truncate px-3 py-2 whitespace-nowrap", muted ? "text-zinc-400 italic dark:text-zinc-500" : "text-zinc-800 dark:text-zinc-200")}>
                        {text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
