// TanStack Query hooks for database connections and their table descriptions. Browser-safe: types only.
import { keepPreviousData, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { apiFetch, listPath, type ListPage } from "@/lib/api-client";
import { connectionKeys } from "@/lib/connections/queries";
import type { DatabaseConnectionOut, TableDescriptionOut, databaseTestResultSchema } from "./native-schemas";
import type { DatabaseConnectionInput } from "./schemas";

export type { DatabaseConnectionInput, DatabaseConnectionOut, TableDescriptionOut };
export type DatabaseTestResult = z.infer<typeof databaseTestResultSchema>;
export type { StoredTableColumn as TableColumn } from "@/lib/db/json-columns";

/** While any table is scanning, its list is asked for again this often. */
export const SCAN_POLL_MS = 1000;

export const databaseKeys = {
  all: ["databases"] as const,
  list: () => [...databaseKeys.all, "list"] as const,
  detail: (id: string) => [...databaseKeys.all, "detail", id] as const,
  tables: (id: string) => [...databaseKeys.all, "tables", id] as const,
};

const path = (id: string) => `/api/databases/${encodeURIComponent(id)}`;

/** A change to a connection shows in this section and in the Connections page's list. */
function invalidateConnection(queryClient: QueryClient, id?: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: databaseKeys.list() }),
    queryClient.invalidateQueries({ queryKey: connectionKeys.lists() }),
    id ? queryClient.invalidateQueries({ queryKey: databaseKeys.detail(id) }) : null,
  ]);
}

/** The Databases page: searched by name and paged on the server, 50 at a time, with the total. */
export function useDatabases(filter: { q?: string } = {}) {
  return useInfiniteQuery({
    queryKey: [...databaseKeys.list(), filter],
    queryFn: ({ pageParam }) => apiFetch<ListPage & { databases: DatabaseConnectionOut[] }>(listPath("/api/databases", { q: filter.q, cursor: pageParam })),
    placeholderData: keepPreviousData,
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    select: (d) => ({ rows: d.pages.flatMap((p) => p.databases), total: d.pages[0]?.total ?? 0 }),
  });
}

export function databaseQuery(id: string) {
  return queryOptions({ queryKey: databaseKeys.detail(id), queryFn: () => apiFetch<DatabaseConnectionOut>(path(id)) });
}

/** One connection; `initialData` comes from the server-rendered page so there is no loading flash. */
export function useDatabase(id: string, initialData?: DatabaseConnectionOut) {
  return useQuery({ ...databaseQuery(id), initialData });
}

/** The connection's tables, asked for every second while any of them is SYNCHRONIZING. */
export function useDatabaseTables(id: string) {
  return useQuery({
    queryKey: databaseKeys.tables(id),
    queryFn: async () => (await apiFetch<{ tables: TableDescriptionOut[] }>(`${path(id)}/tables`)).tables,
    refetchInterval: (query) => (query.state.data?.some((t) => t.status === "SYNCHRONIZING") ? SCAN_POLL_MS : false),
  });
}

export function useCreateDatabase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DatabaseConnectionInput) => apiFetch<DatabaseConnectionOut>("/api/databases", { method: "POST", body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData(databaseKeys.detail(saved.id), saved);
      return invalidateConnection(queryClient);
    },
  });
}

/** PUT takes the full body again, the URI with its password included. */
export function useUpdateDatabase(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DatabaseConnectionInput) => apiFetch<DatabaseConnectionOut>(path(id), { method: "PUT", body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData(databaseKeys.detail(saved.id), saved);
      return Promise.all([invalidateConnection(queryClient), queryClient.invalidateQueries({ queryKey: databaseKeys.tables(id) })]);
    },
  });
}

export function useDeleteDatabase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(path(id), { method: "DELETE" }),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: databaseKeys.detail(id) });
      queryClient.removeQueries({ queryKey: databaseKeys.tables(id) });
      return invalidateConnection(queryClient);
    },
  });
}

/** The form's Test: connects and lists the tables; never saves. */
export function useTestDatabaseInput() {
  return useMutation({
    mutationFn: (input: DatabaseConnectionInput) => apiFetch<DatabaseTestResult>("/api/databases/test", { method: "POST", body: input }),
  });
}

/** Tests the saved connection; the server keeps the result as its last test. */
export function useTestSavedDatabase(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<DatabaseTestResult>(`${path(id)}/test`, { method: "POST" }),
    onSuccess: () => invalidateConnection(queryClient, id),
  });
}

/** Queues a scan of the named tables (all when none are named); they come back SYNCHRONIZING. */
export function useScanTables(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tableNames?: string[]) =>
      apiFetch<{ tables: TableDescriptionOut[] }>(`${path(id)}/tables/scan`, { method: "POST", body: tableNames ? { tableNames } : {} }),
    onSuccess: ({ tables }) => {
      // Show SYNCHRONIZING at once, which also starts the polling.
      queryClient.setQueryData<TableDescriptionOut[]>(databaseKeys.tables(id), (old) => old?.map((t) => tables.find((u) => u.id === t.id) ?? t));
      return queryClient.invalidateQueries({ queryKey: databaseKeys.tables(id) });
    },
  });
}

/** New tables arrive NOT_SCANNED; vanished ones become DEPRECATED. */
export function useRefreshTables(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ tables: TableDescriptionOut[] }>(`${path(id)}/tables/refresh`, { method: "POST" }),
    onSuccess: ({ tables }) => {
      queryClient.setQueryData(databaseKeys.tables(id), tables);
      return invalidateConnection(queryClient, id);
    },
  });
}

export type TableDescriptionPatch = { description?: string | null; columns?: { name: string; description: string | null }[] };

export function useUpdateTableDescription(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ tableId, patch }: { tableId: string; patch: TableDescriptionPatch }) =>
      apiFetch<TableDescriptionOut>(`/api/databases/tables/${encodeURIComponent(tableId)}`, { method: "PATCH", body: patch }),
    onSuccess: (saved) => {
      queryClient.setQueryData<TableDescriptionOut[]>(databaseKeys.tables(connectionId), (old) => old?.map((t) => (t.id === saved.id ? saved : t)));
    },
  });
}
