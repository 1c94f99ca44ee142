"use client";

import { Button } from "./button";
import { AlertIcon } from "./icons";

/** Shown when a query failed, with the server's message and a Retry button. */
export function ErrorState({ error, onRetry, retrying }: { error: unknown; onRetry?: () => void; retrying?: boolean }) {
  const message = error instanceof Error ? error.message : "Something went wrong.";
  return (
    <div
      role="alert"
      className="flex flex-col items-center justify-center rounded-lg border border-red-200 bg-red-50/60 px-6 py-10 text-center dark:border-red-900/60 dark:bg-red-950/30"
    >
      <AlertIcon className="mb-3 size-7 text-red-500 dark:text-red-400" />
      <h3 className="text-sm font-semibold text-red-800 dark:text-red-200">Could not load this</h3>
      <p className="mt-1 max-w-md text-sm text-red-700 dark:text-red-300">{message}</p>
      {onRetry ? (
        <Button variant="secondary" size="sm" className="mt-4" onClick={onRetry} loading={retrying}>
          Retry
        </Button>
      ) : null}
    </div>
  );
}
