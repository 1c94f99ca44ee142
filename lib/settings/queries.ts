// TanStack Query hooks for workspace settings. Browser-safe: no server imports.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { GeneralSettings } from "./schemas";

export const settingsKeys = {
  all: ["settings"] as const,
  general: () => [...settingsKeys.all, "general"] as const,
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
