import { CONNECTION_KINDS, type ConnectionKind } from "@/lib/db/enums";
import type { ConnectionFilter } from "@/lib/connections/queries";

/** The list's search and kind, kept in the address so a reload or a shared link keeps them. */
export function filterFromSearchParams(params: URLSearchParams): ConnectionFilter {
  const kind = params.get("kind");
  const q = params.get("q")?.trim();
  return {
    kind: CONNECTION_KINDS.includes(kind as ConnectionKind) ? (kind as ConnectionKind) : undefined,
    q: q || undefined,
  };
}

export function filterToUrl(pathname: string, filter: ConnectionFilter): string {
  const params = new URLSearchParams();
  if (filter.q?.trim()) params.set("q", filter.q.trim());
  if (filter.kind) params.set("kind", filter.kind);
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}
