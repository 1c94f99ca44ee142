// TanStack Query hooks for the audit log. Browser-safe: no server imports.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { AuditEventOut } from "./schemas";

export type AuditFilters = {
  action?: string;
  actor?: string;
  target?: string;
  /** ISO 8601 timestamps. */
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
};

export type AuditPage = {
  events: AuditEventOut[];
  total: number;
  page: number;
  pageSize: number;
  actions: string[];
};

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, "list", filters] as const,
};

export function auditSearchParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  return params;
}

export function useAuditEvents(filters: AuditFilters) {
  return useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: () => apiFetch<AuditPage>(`/api/audit?${auditSearchParams(filters)}`),
    // Keep the current page on screen while the next filter or page loads.
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}
