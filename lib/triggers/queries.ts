// The live "next 5 runs" preview of a trigger being edited. Browser-safe.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiFetch } from "@/lib/api-client";
import type { Trigger, TriggerPreview } from "./schemas";

export type { Trigger, TriggerPreview };

export const triggerKeys = {
  preview: (trigger: unknown) => ["triggers", "preview", trigger] as const,
};

const DEBOUNCE_MS = 350;

/** The value, once it has stopped changing for `delay` ms. */
export function useDebounced<T>(value: T, delay = DEBOUNCE_MS): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * POST /api/triggers/preview, debounced while typing. The server answers 200 even for an invalid
 * trigger, with the reason in `error`. Pass null to skip (no schedule to preview).
 */
export function useTriggerPreview(trigger: Record<string, unknown> | null) {
  // Compare by content: the form builds a new object on every keystroke.
  const wanted = trigger ? JSON.stringify(trigger) : null;
  const key = useDebounced(wanted);
  const query = useQuery({
    queryKey: triggerKeys.preview(key),
    queryFn: () => apiFetch<TriggerPreview>("/api/triggers/preview", { method: "POST", body: { trigger: JSON.parse(key!) } }),
    enabled: key !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  /** True while what is shown is not yet the preview of the latest input (typing, or fetching). */
  return Object.assign(query, { pending: key !== wanted });
}
