"use client";

import { useEffect, useRef } from "react";
import { cn } from "@/components/ui/cn";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { ChevronRightIcon } from "@/components/ui/icons";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import type { TableDescriptionOut } from "@/lib/databases/queries";
import { TableStatusChip } from "./database-badges";

export const qualifiedName = (t: Pick<TableDescriptionOut, "schemaName" | "tableName">) => (t.schemaName ? `${t.schemaName}.${t.tableName}` : t.tableName);

const rowsText = new Intl.NumberFormat();
/** Tables being scanned or already gone cannot be picked for a scan. */
const pickable = (t: TableDescriptionOut) => t.status !== "DEPRECATED" && t.status !== "SYNCHRONIZING";

type Props = {
  rows: TableDescriptionOut[];
  selectable: boolean;
  selected: Set<string>;
  onSelect: (next: Set<string>) => void;
  onOpen: (id: string) => void;
};

export function TablesTable({ rows, selectable, selected, onSelect, onOpen }: Props) {
  const candidates = rows.filter(pickable);
  const all = candidates.length > 0 && candidates.every((t) => selected.has(t.id));
  const some = !all && candidates.some((t) => selected.has(t.id));
  const allBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (allBox.current) allBox.current.indeterminate = some;
  }, [some]);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onSelect(next);
  };

  return (
    <Table aria-label="Tables of this connection">
      <THead>
        <tr>
          {selectable ? (
            <Th className="w-10">
              <input
                ref={allBox}
                type="checkbox"
                aria-label="Select all tables"
                className="size-4 align-middle accent-accent-600"
                checked={all}
                disabled={candidates.length === 0}
                onChange={(e) => onSelect(new Set(e.target.checked ? candidates.map((t) => t.id) : []))}
              />
            </Th>
          ) : null}
          <Th>Table</Th>
          <Th>Status</Th>
          <Th className="text-right">Rows</Th>
          <Th>Last scanned</Th>
          <Th className="w-8">
            <span className="sr-only">Open</span>
          </Th>
        </tr>
      </THead>
      <TBody>
        {rows.map((t) => {
          const name = qualifiedName(t);
          const gone = t.status === "DEPRECATED";
          return (
            <Tr key={t.id} data-testid="table-row" data-table={name} className={cn(selected.has(t.id) && "bg-accent-50/50 dark:bg-accent-950/30")}>
              {selectable ? (
                <Td className="w-10">
                  <input
                    type="checkbox"
                    aria-label={`Select ${name}`}
                    className="size-4 align-middle accent-accent-600"
                    checked={selected.has(t.id)}
                    disabled={!pickable(t)}
                    onChange={(e) => toggle(t.id, e.target.checked)}
                  />
                </Td>
              ) : null}
              <Td className="max-w-96">
                <button
                  type="button"
                  onClick={() => onOpen(t.id)}
                  className={cn(
                    "block max-w-full truncate rounded text-left font-mono text-[13px] font-medium hover:text-accent-700 hover:underline dark:hover:text-accent-300",
                    gone ? "text-zinc-400 line-through dark:text-zinc-500" : "text-zinc-900 dark:text-zinc-100",
                  )}
                  title={`Open ${name}`}
                >
                  {name}
                </button>
                {t.description ? <p className="mt-0.5 truncate text-xs text-zinc-500 dark:text-zinc-400">{t.description}</p> : null}
                {t.status === "FAILED" && t.errorMessage ? (
                  <p className="mt-0.5 line-clamp-2 text-xs break-words text-red-600 dark:text-red-400" title={t.errorMessage}>
                    {t.errorMessage}
                  </p>
                ) : null}
              </Td>
              <Td>
                <TableStatusChip status={t.status} error={t.errorMessage} />
              </Td>
              <Td className="text-right whitespace-nowrap tabular-nums text-zinc-700 dark:text-zinc-300">
                {t.rowCount === null ? <span className="text-zinc-400 dark:text-zinc-500">—</span> : rowsText.format(t.rowCount)}
              </Td>
              <Td className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                {t.lastScannedAt ? (
                  <time dateTime={t.lastScannedAt} title={formatDateTime(t.lastScannedAt)}>
                    {formatRelative(t.lastScannedAt)}
                  </time>
                ) : (
                  "Never"
                )}
              </Td>
              <Td className="w-8 text-zinc-400">
                {/* A second, larger target for the mouse; the name button is the keyboard's, so this one is skipped by Tab but still named. */}
                <button type="button" tabIndex={-1} aria-label={`Open ${name}`} title={`Open ${name}`} onClick={() => onOpen(t.id)} className="flex items-center rounded p-1 hover:bg-zinc-100 hover:text-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-zinc-200">
                  <ChevronRightIcon className="size-4" />
                </button>
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
