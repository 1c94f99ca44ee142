// TanStack Query hooks for workspace settings. Browser-safe: no server imports.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { NetworkRules, NetworkSettings, RunSettings } from "./network-schemas";
import type { GeneralSettings } from "./schemas";

export const settingsKeys = {
  all: ["settings"] as const,
  general: () => [...settingsKeys.all, "general"] as const,
  network: () => [...settingsKeys.all, "network"] as const,
  runs: () => [...settingsKeys.all, "runs"] as const,
};

export function useGeneralSettings(initialData?: GeneralSettings) {
  return useQuery({
    queryKey: settingsKeys.general(),
    queryFn: () => apiFetch<GeneralSettings>("/api/settings/general"),
    initialData,
  });
}

export function useUpdateGeneralSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: GeneralSettings) => apiFetch<GeneralSettings>("/api/settings/general", { method: "PUT", body: input }),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKeys.general(), settings);
      return queryClient.invalidateQueries({ queryKey: settingsKeys.all });
    },
  });
}

export function useNetworkSettings(initialData?: NetworkSettings) {
  return useQuery({
    queryKey: settingsKeys.network(),
    queryFn: ({ signal }) => apiFetch<NetworkSettings>("/api/settings/network", { signal }),
    initialData,
  });
}

/** Admins only. 422 with fields such as `allow.2` when a rule does not parse. */
export function useUpdateNetworkSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NetworkRules) => apiFetch<NetworkSettings>("/api/settings/network", { method: "PUT", body: input }),
    onSuccess: (settings) => queryClient.setQueryData(settingsKeys.network(), settings),
  });
}

export function useRunSettings(initialData?: RunSettings) {
  return useQuery({
    queryKey: settingsKeys.runs(),
    queryFn: ({ signal }) => apiFetch<RunSettings>("/api/settings/runs", { signal }),
    initialData,
  });
}

export function useUpdateRunSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RunSettings) => apiFetch<RunSettings>("/api/settings/runs", { method: "PUT", body: input }),
    onSuccess: (settings) => queryClient.setQueryData(settingsKeys.runs(), settings),
  });
}
