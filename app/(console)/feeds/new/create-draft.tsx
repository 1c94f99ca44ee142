"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingState } from "@/components/ui/spinner";
import { useCreateFeed } from "@/lib/feeds/queries";

/**
 * Creates the draft the wizard saves into, then opens its first step. From here on the draft's
 * progress lives on the server, so a reload resumes where it was.
 */
export function CreateDraft() {
  const router = useRouter();
  const create = useCreateFeed();
  const started = useRef(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // Once per attempt, even when React runs effects twice in development.
    if (started.current) return;
    started.current = true;
    create.mutate(
      { wizardStep: "connection" },
      { onSuccess: (feed) => router.replace(`/feeds/${feed.id}/edit/connection`) },
    );
  }, [attempt, create, router]);

  if (create.isError) {
    return (
      <div className="space-y-4">
        <ErrorState
          error={create.error}
          onRetry={() => {
            started.current = false;
            setAttempt((n) => n + 1);
          }}
        />
        <Link href="/feeds" className={buttonClasses("secondary")}>
          Back to feeds
        </Link>
      </div>
    );
  }
  return <LoadingState label="Creating a draft feed…" />;
}
