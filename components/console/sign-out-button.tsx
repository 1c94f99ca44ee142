"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

// next-auth's sign-out endpoint called directly: its client library would add ~10 kB of
// JavaScript to every console page for this one button.
async function signOut() {
  const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/sign-in", json: "true" }),
  });
  window.location.assign("/sign-in");
}

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
          await signOut();
        } catch {
          setPending(false);
        }
      }}
    >
      Sign out
    </Button>
  );
}
