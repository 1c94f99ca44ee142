import type { AuditFilters } from "@/lib/audit/queries";

export type AuditUrlFilters = Required<Pick<AuditFilters, "page">> & Omit<AuditFilters, "page" | "pageSize">;

function iso(value: string | null): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The audit filters kept in the page's search params, so a reload keeps them. */
export function filtersFromSearchParams(params: URLSearchParams): AuditUrlFilters {
  const page = Number(params.get("page"));
  return {
    action: params.get("action") || undefined,
    actor: params.get("actor") || undefined,
    target: params.get("target") || undefined,
    from: iso(params.get("from")),
    to: iso(params.get("to")),
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  };
}

/** ISO timestamp -> the "YYYY-MM-DDTHH:mm" a datetime-local input shows, in local time. */
export function isoToLocalInput(value: string | undefined): string {
  if (!value) return "";
  const d = new Date(value);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (local time) -> ISO timestamp, or undefined when empty or incomplete. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
