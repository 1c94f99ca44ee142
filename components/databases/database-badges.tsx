import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { KeyIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import type { TableDescriptionStatus } from "@/lib/db/enums";
import { STORED_ONLY } from "./dialects";

export function SshBadge({ host }: { host?: string | null }) {
  return (
    <span title={host ? `Through an SSH tunnel via ${host}` : "Through an SSH tunnel"}>
      <Badge tone="accent" className="gap-1">
        <KeyIcon className="size-3" />
        SSH
      </Badge>
    </span>
  );
}

export function StoredOnlyBadge() {
  return (
    <span title="This server has no driver for this dialect: the connection is kept for API clients, but cannot be tested or scanned here.">
      <Badge tone="warning">{STORED_ONLY}</Badge>
    </span>
  );
}

const STATUS: Record<TableDescriptionStatus, { label: string; className: string }> = {
  NOT_SCANNED: { label: "Not scanned", className: "bg-zinc-100 text-zinc-600 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700" },
  SYNCHRONIZING: { label: "Scanning", className: "bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800/60" },
  SCANNED: { label: "Scanned", className: "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800/60" },
  FAILED: { label: "Failed", className: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-800/60" },
  DEPRECATED: { label: "Deprecated", className: "bg-transparent text-zinc-400 line-through ring-zinc-200 dark:text-zinc-500 dark:ring-zinc-800" },
};

/** A table description's status as a chip: grey, blue with a spinner, green, red, or struck through. */
export function TableStatusChip({ status, error }: { status: TableDescriptionStatus; error?: string | null }) {
  const s = STATUS[status];
  return (
    <span
      data-testid="table-status"
      data-status={status}
      title={status === "FAILED" && error ? error : status === "DEPRECATED" ? "No longer in the database" : undefined}
      className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", s.className)}
    >
      {status === "SYNCHRONIZING" ? <Spinner className="size-3" /> : null}
      {s.label}
    </span>
  );
}
