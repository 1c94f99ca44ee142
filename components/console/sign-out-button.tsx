"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      loading={pending}
      onClick={async () => {
        setPending(true);
        try {
          await signOut({ callbackUrl: "/sign-in" });
        } catch {
          setPending(false);
        }
      }}
    >
      Sign out
    </Button>
  );
}
