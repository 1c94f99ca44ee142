"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/api-client";
import { useSignOutEverywhere } from "@/lib/users/queries";

export function SignOutEverywhere() {
  const signOut = useSignOutEverywhere();
  const [confirming, setConfirming] = useState(false);

  const onConfirm = () =>
    signOut.mutate(undefined, {
      // This browser's session ended too.
      onSuccess: () => window.location.assign("/sign-in"),
      onError: (error) => {
        setConfirming(false);
        toast.error(errorMessage(error));
      },
    });

  return (
    <div className="flex max-w-2xl items-center justify-between gap-4 rounded-lg border border-zinc-200 bg-white p-6 text-sm shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <p className="text-zinc-600 dark:text-zinc-300">
        Ends every session of your account, on every device and in this browser. Your API tokens keep working.
      </p>
      {/* Not "Sign out …": the header's Sign out button keeps a name no other button contains. */}
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        End all sessions
      </Button>
      <ConfirmDialog
        open={confirming}
        title="Sign out everywhere?"
        description="Every browser signed in as you is signed out, this one included. You sign in again with your password."
        confirmLabel="End all sessions"
        pending={signOut.isPending}
        onConfirm={onConfirm}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}
