"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/api-client";
import { useSignOutUserEverywhere } from "@/lib/users/queries";
import type { UserOut } from "@/lib/users/schemas";

/** An admin ends every session of one user; for yourself it signs out this browser too. */
export function SignOutUserButton({ user, isSelf }: { user: UserOut; isSelf: boolean }) {
  const signOut = useSignOutUserEverywhere();
  const [confirming, setConfirming] = useState(false);

  const onConfirm = () =>
    signOut.mutate(user.id, {
      onSuccess: () => {
        if (isSelf) return window.location.assign("/sign-in");
        setConfirming(false);
        toast.success(`${user.email} is signed out everywhere`);
      },
      onError: (error) => {
        setConfirming(false);
        toast.error(errorMessage(error));
      },
    });

  return (
    <>
      {/* Not "Sign out …": the header's Sign out button keeps a name no other button contains. */}
      <Button variant="ghost" size="sm" aria-label={`End sessions of ${user.email}`} onClick={() => setConfirming(true)}>
        End sessions
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Sign ${user.email} out everywhere?`}
        description={
          isSelf
            ? "Every browser signed in as you is signed out, this one included."
            : "Every browser signed in as this user is signed out; they can sign in again with their password. Their API tokens keep working."
        }
        confirmLabel="End sessions"
        pending={signOut.isPending}
        onConfirm={onConfirm}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
