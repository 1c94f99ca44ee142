// TanStack Query hooks for the console's Provisioning pages. Browser-safe: no server imports.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { CredentialsSummary, ProvisioningOverview, ProvisioningSettings, ProvisioningSettingsInput } from "./schemas";

export const provisioningKeys = {
  all: ["provisioning"] as const,
  overview: () => [...provisioningKeys.all, "overview"] as const,
  credentials: (id: string) => [...provisioningKeys.all, "credentials", id] as const,
  settings: () => [...provisioningKeys.all, "settings"] as const,
};

export function useProvisioning() {
  return useQuery({ queryKey: provisioningKeys.overview(), queryFn: ({ signal }) => apiFetch<ProvisioningOverview>("/api/provisioning", { signal }) });
}

export function useProvisionedCredentials(id: string) {
  return useQuery({ queryKey: provisioningKeys.credentials(id), queryFn: ({ signal }) => apiFetch<CredentialsSummary>(`/api/provisioning/credentials/${id}`, { signal }) });
}

function useCredentialsAction<T>(path: (id: string) => string, method: "POST" | "DELETE") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<T>(path(id), { method }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: provisioningKeys.all }),
  });
}

export const useExtendCredentials = () => useCredentialsAction<CredentialsSummary>((id) => `/api/provisioning/credentials/${id}/extend`, "POST");
export const useKillProcesses = () => useCredentialsAction<{ killed: number }>((id) => `/api/provisioning/credentials/${id}/kill`, "POST");
export const useDropCredentials = () => useCredentialsAction<undefined>((id) => `/api/provisioning/credentials/${id}`, "DELETE");

/** Reveals the password (audited); not cached. */
export function useRevealPassword() {
  return useMutation({ mutationFn: (id: string) => apiFetch<{ password: string }>(`/api/provisioning/credentials/${id}/password`, { method: "POST" }) });
}

export function useUpdateProvisioningSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProvisioningSettingsInput) => apiFetch<ProvisioningSettings>("/api/settings/provisioning", { method: "PUT", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: provisioningKeys.all }),
  });
}
