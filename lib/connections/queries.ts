// TanStack Query hooks for connections. Browser-safe: schemas and types only, no server imports.
import { keepPreviousData, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, listPath, type ListPage } from "@/lib/api-client";
import type { ConnectionKind } from "@/lib/db/enums";
import type { DruidConnection } from "./druid-schemas";
import type { connectionSummarySchema } from "./list";
import type { ConnectionTestResult, RestConnectionInput, RestConnectionOut } from "./rest-schemas";
import type { z } from "zod";

export type { ConnectionKind, ConnectionTestResult, DruidConnection, RestConnectionInput, RestConnectionOut };
/** One row of the connections list: any kind (REST, Druid, database). */
export type ConnectionSummary = z.infer<typeof connectionSummarySchema>;
export type ConnectionFilter = { kind?: ConnectionKind; q?: string };

export const connectionKeys = {
  all: ["connections"] as const,
  lists: () => [...connectionKeys.all, "list"] as const,
  list: (filter: ConnectionFilter) => [...connectionKeys.lists(), filter] as const,
  detail: (id: string) => [...connectionKeys.all, "detail", id] as const,
};

type ConnectionPage = ListPage & { connections: ConnectionSummary[] };
const listUrl = (filter: ConnectionFilter, page: { limit?: number; cursor?: string | null } = {}) =>
  listPath("/api/connections", { kind: filter.kind, q: filter.q, limit: page.limit, cursor: page.cursor });

/** The first page of matching connections (up to 500), for pickers; the Connections page pages with useConnectionPages. */
export function useConnections(filter: ConnectionFilter = {}) {
  return useQuery({
    queryKey: [...connectionKeys.list(filter), "picker"],
    queryFn: async () => (await apiFetch<ConnectionPage>(listUrl(filter, { limit: 500 }))).connections,
    // Keep the current rows on screen while the next search or kind loads.
    placeholderData: keepPreviousData,
  });
}

/** The Connections page: searched and paged on the server, 50 at a time, with the total. */
export function useConnectionPages(filter: ConnectionFilter = {}) {
  return useInfiniteQuery({
    queryKey: connectionKeys.list(filter),
    queryFn: ({ pageParam }) => apiFetch<ConnectionPage>(listUrl(filter, { cursor: pageParam })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    select: (d) => ({ rows: d.pages.flatMap((p) => p.connections), total: d.pages[0]?.total ?? 0 }),
    placeholderData: keepPreviousData,
  });
}

/** For queryClient.fetchQuery, e.g. loading a connection before opening its edit dialog. */
export function restConnectionQuery(id: string) {
  return queryOptions({
    queryKey: connectionKeys.detail(id),
    queryFn: () => apiFetch<RestConnectionOut>(`/api/connections/${encodeURIComponent(id)}`),
  });
}

/** A REST connection with its secrets masked. Pass no id to skip the request. */
export function useRestConnection(id: string | null | undefined) {
  return useQuery({ ...restConnectionQuery(id ?? ""), enabled: Boolean(id) });
}

export function useCreateRestConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RestConnectionInput) => apiFetch<RestConnectionOut>("/api/connections", { method: "POST", body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData(connectionKeys.detail(saved.id), saved);
      return queryClient.invalidateQueries({ queryKey: connectionKeys.lists() });
    },
  });
}

/** PATCH takes the full input; name and auth type must stay as they were. */
export function useUpdateRestConnection(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RestConnectionInput) =>
      apiFetch<RestConnectionOut>(`/api/connections/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData(connectionKeys.detail(saved.id), saved);
      return queryClient.invalidateQueries({ queryKey: connectionKeys.lists() });
    },
  });
}

/** Any kind. The server answers 409, naming the feeds, while a feed still uses the connection. */
export function useDeleteConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/connections/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: connectionKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: connectionKeys.lists() });
    },
  });
}

export type TestConnectionVariables =
  /** Test before save: the form's values; `existingId` lets the server resolve masked secrets. */
  | { input: RestConnectionInput; existingId?: string }
  /** Test a saved connection; the server records the result as its last test. */
  | { id: string };

export function useTestConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: TestConnectionVariables) => {
      if ("id" in vars) return apiFetch<ConnectionTestResult>(`/api/connections/${encodeURIComponent(vars.id)}/test`, { method: "POST" });
      const query = vars.existingId ? `?id=${encodeURIComponent(vars.existingId)}` : "";
      return apiFetch<ConnectionTestResult>(`/api/connections/test${query}`, { method: "POST", body: vars.input });
    },
    onSuccess: (_, vars) => {
      if (!("id" in vars)) return;
      // A saved test updates the connection's last test result.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: connectionKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: connectionKeys.detail(vars.id) }),
      ]);
    },
  });
}

// Druid (Imply Pivot) connections, through the native API. Secrets come back as the mask.

/** A Druid connection as GET /api/druid-connections answers it; `fixed` ones come from CONNECTIONS_FILE. */
export type DruidConnectionOut = DruidConnection & {
  id: string;
  kind: "druid";
  fixed: boolean;
  lastTest: ConnectionSummary["lastTest"];
  createdAt: string;
};

const druidPath = (id?: string) => (id ? `/api/druid-connections/${encodeURIComponent(id)}` : "/api/druid-connections");
export const druidKeys = {
  list: () => [...connectionKeys.all, "druid", "list"] as const,
  detail: (id: string) => [...connectionKeys.all, "druid", "detail", id] as const,
};

/** The first 500 Druid connections in full, searched by name on the server. Pass enabled=false to skip the request. */
export function useDruidConnections(enabled = true, q?: string) {
  return useQuery({
    queryKey: [...druidKeys.list(), { q }],
    queryFn: async () => (await apiFetch<ListPage & { connections: DruidConnectionOut[] }>(listPath(druidPath(), { q, limit: 500 }))).connections,
    enabled,
  });
}

/** For queryClient.fetchQuery before the edit dialog opens. */
export function druidConnectionQuery(id: string) {
  return queryOptions({ queryKey: druidKeys.detail(id), queryFn: () => apiFetch<DruidConnectionOut>(druidPath(id)) });
}

function useDruidSaved() {
  const queryClient = useQueryClient();
  return (saved: DruidConnectionOut) => {
    queryClient.setQueryData(druidKeys.detail(saved.id), saved);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: connectionKeys.lists() }),
      queryClient.invalidateQueries({ queryKey: druidKeys.list() }),
    ]);
  };
}

export function useCreateDruidConnection() {
  const onSuccess = useDruidSaved();
  return useMutation({
    mutationFn: (input: DruidConnection) => apiFetch<DruidConnectionOut>(druidPath(), { method: "POST", body: input }),
    onSuccess,
  });
}

/** PUT takes the whole connection; the name cannot change, and the mask keeps a stored secret. */
export function useUpdateDruidConnection() {
  const onSuccess = useDruidSaved();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: DruidConnection }) => apiFetch<DruidConnectionOut>(druidPath(id), { method: "PUT", body: input }),
    onSuccess,
  });
}

/** The Druid route refuses (409) while the server's CONNECTIONS_FILE fixes the connections. */
export function useDeleteDruidConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(druidPath(id), { method: "DELETE" }),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: druidKeys.detail(id) });
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: connectionKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: druidKeys.list() }),
      ]);
    },
  });
}
