"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { apiFetch, errorMessage } from "@/lib/api-client";
import type { UserOut } from "@/lib/users/schemas";

/** Lifts the lock that failed sign-ins put on this account, from every address. */
export function UnlockButton({ user }: { user: UserOut }) {
  const unlock = useMutation({
    mutationFn: () => apiFetch<void>(`/api/users/${user.id}/unlock`, { method: "POST", body: {} }),
    onSuccess: () => toast.success(`${user.email} can sign in again`),
    onError: (error) => toast.error(errorMessage(error)),
  });
  return (
    <Button variant="ghost" size="sm" disabled={unlock.isPending} onClick={() => unlock.mutate()} aria-label={`Unlock sign-in for ${user.email}`}>
      Unlock
    </Button>
  );
}
