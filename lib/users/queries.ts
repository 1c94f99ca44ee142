// TanStack Query hooks for users and the signed-in user's password. Browser-safe: no server imports.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { tokenKeys } from "@/lib/tokens/queries";
import type { ChangeOwnPasswordInput, CreateUserInput, UpdateUserInput, UserOut } from "./schemas";

export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
};

export function useUsers() {
  return useQuery({
    queryKey: userKeys.list(),
    queryFn: async () => (await apiFetch<{ users: UserOut[] }>("/api/users")).users,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => apiFetch<UserOut>("/api/users", { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...changes }: UpdateUserInput & { id: number }) =>
      apiFetch<UserOut>(`/api/users/${id}`, { method: "PATCH", body: changes }),
    onSuccess: (user) => {
      queryClient.setQueryData<UserOut[]>(userKeys.list(), (users) => users?.map((u) => (u.id === user.id ? user : u)));
      return queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
  });
}

export function useResetUserPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, password }: { id: number; password: string }) =>
      apiFetch<void>(`/api/users/${id}/password`, { method: "POST", body: { password } }),
    // The reset revokes the user's API tokens.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useChangeOwnPassword() {
  return useMutation({
    mutationFn: (input: ChangeOwnPasswordInput) => apiFetch<void>("/api/me/password", { method: "POST", body: input }),
  });
}

// Bodiless POSTs send `{}`: cookie-authenticated writes must be application/json.
export function useSignOutEverywhere() {
  return useMutation({
    mutationFn: () => apiFetch<void>("/api/me/sign-out-everywhere", { method: "POST", body: {} }),
  });
}

export function useSignOutUserEverywhere() {
  return useMutation({
    mutationFn: (id: number) => apiFetch<void>(`/api/users/${id}/sign-out-everywhere`, { method: "POST", body: {} }),
  });
}
