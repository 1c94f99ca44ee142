// TanStack Query hooks for feeds, their runs and their incremental state. Browser-safe: types only
// from the schemas, so list pages do not pull zod into their bundle.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, listPath, type ListPage } from "@/lib/api-client";
import type { FeedInput, FeedOut, FeedSummaryOut } from "./schemas";
import type { RunOut, StartedRunOut } from "@/lib/runs/schemas";
import { isRunActive, runKeys } from "@/lib/runs/queries";

export type { FeedInput, FeedOut, FeedSummaryOut, RunOut };
export type FeedStatus = FeedOut["status"];
export type FeedFilter = { status?: FeedStatus; tag?: string; connectionId?: string; q?: string };
type FeedPage = ListPage & { feeds: FeedSummaryOut[]; tags: string[] };
export type RunPage = { runs: RunOut[]; total: number; page: number; pageSize: number };
export type FeedState = { state: Record<string, unknown>; destination: string | null };

export const feedKeys = {
  all: ["feeds"] as const,
  lists: () => [...feedKeys.all, "list"] as const,
  list: (filter: FeedFilter) => [...feedKeys.lists(), filter] as const,
  detail: (id: number) => [...feedKeys.all, "detail", id] as const,
  runs: (id: number, page: number) => [...feedKeys.all, "runs", id, page] as const,
  allRuns: (id: number) => [...feedKeys.all, "runs", id] as const,
  state: (id: number) => [...feedKeys.all, "state", id] as const,
};


const listUrl = (filter: FeedFilter, page: { limit?: number; cursor?: string | null } = {}) =>
  listPath("/api/feeds", { status: filter.status, tag: filter.tag, connectionId: filter.connectionId, q: filter.q, limit: page.limit, cursor: page.cursor });

/** The first page of matching feeds (up to 500, without scripts), e.g. the feeds using a connection. */
export function useFeeds(filter: FeedFilter = {}) {
  return useQuery({
    queryKey: [...feedKeys.list(filter), "first"],
    queryFn: async () => (await apiFetch<FeedPage>(listUrl(filter, { limit: 500 }))).feeds,
    placeholderData: keepPreviousData,
  });
}

/** The Feeds page: filtered and paged on the server, 50 at a time, with the total and every tag. */
export function useFeedPages(filter: FeedFilter = {}) {
  return useInfiniteQuery({
    queryKey: feedKeys.list(filter),
    queryFn: ({ pageParam }) => apiFetch<FeedPage>(listUrl(filter, { cursor: pageParam })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    select: (d) => ({ rows: d.pages.flatMap((p) => p.feeds), total: d.pages[0]?.total ?? 0, tags: d.pages[0]?.tags ?? [] }),
    placeholderData: keepPreviousData,
    // Last runs change on their own while a feed is loading: poll until it settles.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.feeds.some((f) => isRunActive(f.lastRun?.status))) ? 3_000 : false),
  });
}

export function useFeed(id: number, options: { initialData?: FeedOut } = {}) {
  return useQuery({
    queryKey: feedKeys.detail(id),
    queryFn: () => apiFetch<FeedOut>(`/api/feeds/${id}`),
    initialData: options.initialData,
    refetchInterval: (q) => (isRunActive(q.state.data?.lastRun?.status) ? 3_000 : false),
  });
}

/** Puts a saved feed into the cache and refreshes the lists. */
function useFeedSaved() {
  const queryClient = useQueryClient();
  return (feed: FeedOut) => {
    // The secret is shown once: keep it out of the cache so it cannot resurface on another screen.
    const { webhookSecret: _secret, ...rest } = feed;
    queryClient.setQueryData(feedKeys.detail(feed.id), rest);
    return queryClient.invalidateQueries({ queryKey: feedKeys.lists() });
  };
}

export function useCreateFeed() {
  const saved = useFeedSaved();
  return useMutation({
    mutationFn: (input: FeedInput) => apiFetch<FeedOut>("/api/feeds", { method: "POST", body: input }),
    onSuccess: saved,
  });
}

export function useUpdateFeed() {
  const saved = useFeedSaved();
  return useMutation({
    mutationFn: ({ id, ...changes }: FeedInput & { id: number }) => apiFetch<FeedOut>(`/api/feeds/${id}`, { method: "PATCH", body: changes }),
    onSuccess: saved,
  });
}

export function useDeleteFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<void>(`/api/feeds/${id}`, { method: "DELETE" }),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: feedKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: feedKeys.lists() });
    },
  });
}

/** A new webhook secret, returned once; the old one stops working. */
export function useRotateWebhookSecret() {
  const saved = useFeedSaved();
  return useMutation({
    mutationFn: (id: number) => apiFetch<FeedOut>(`/api/feeds/${id}/webhook-secret`, { method: "POST" }),
    onSuccess: saved,
  });
}

export function useFeedRuns(id: number, page: number, pageSize = 10) {
  return useQuery({
    queryKey: feedKeys.runs(id, page),
    queryFn: () => apiFetch<RunPage>(`/api/feeds/${id}/runs?page=${page}&pageSize=${pageSize}`),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.runs.some((r) => isRunActive(r.status)) ? 2_000 : false),
  });
}

/** Starts a load run now (202: queued for the worker, or joined to the run already queued). */
export function useStartRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (feedId: number) => apiFetch<StartedRunOut>(`/api/feeds/${feedId}/runs`, { method: "POST" }),
    onSuccess: (run, feedId) => {
      queryClient.setQueryData(runKeys.detail(run.id), run);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: feedKeys.allRuns(feedId) }),
        queryClient.invalidateQueries({ queryKey: feedKeys.detail(feedId) }),
        queryClient.invalidateQueries({ queryKey: feedKeys.lists() }),
      ]);
    },
  });
}

/** Tests the feed's saved script, or the edits in `draft` without saving them: 202 with the run; follow it with useRunEvents. */
export function useTestFeed() {
  return useMutation({
    mutationFn: ({ feedId, draft = {} }: { feedId: number; draft?: Pick<FeedInput, "language" | "script" | "dependencies"> }) =>
      apiFetch<RunOut>(`/api/feeds/${feedId}/test`, { method: "POST", body: draft }),
  });
}

export function useFeedState(id: number, enabled = true) {
  return useQuery({
    queryKey: feedKeys.state(id),
    queryFn: () => apiFetch<FeedState>(`/api/feeds/${id}/state`),
    enabled,
  });
}

export function usePutFeedState() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, state }: { id: number; state: Record<string, unknown> }) =>
      apiFetch<FeedState>(`/api/feeds/${id}/state`, { method: "PUT", body: { state } }),
    onSuccess: (state, { id }) => queryClient.setQueryData(feedKeys.state(id), state),
  });
}

/** The next run starts from {} and fetches everything again. */
export function useResetFeedState() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<FeedState>(`/api/feeds/${id}/state`, { method: "DELETE" }),
    onSuccess: (state, id) => queryClient.setQueryData(feedKeys.state(id), state),
  });
}
