"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "@/components/ui/toast";
import { StepSection } from "@/components/feeds/wizard/step-section";
import { stepHref } from "@/components/feeds/wizard/steps";
import { WizardFooter } from "@/components/feeds/wizard/wizard-footer";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/error-state";
import { DatabaseIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiClientError, errorMessage } from "@/lib/api-client";
import { useWarehouse, type DestinationOption } from "@/lib/destinations/queries";
import type { DestinationType } from "@/lib/destinations/types";
import { useFeed, useUpdateFeed } from "@/lib/feeds/queries";
import type { FeedOut } from "@/lib/feeds/schemas";

export function DestinationStep({ initialFeed }: { initialFeed: FeedOut }) {
  const router = useRouter();
  const { data: feed = initialFeed } = useFeed(initialFeed.id, { initialData: initialFeed });
  const warehouse = useWarehouse();
  const update = useUpdateFeed();
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [error, setError] = useState<string | undefined>();
  const options = warehouse.data?.destinations ?? [];
  const multiple = warehouse.data?.multiple ?? false;
  // Until the operator picks: what the feed has (if still offered), else the only or first option.
  const offered = feed.destinations.filter((d) => options.some((o) => o.type === d));
  const selected = chosen ?? (offered.length ? (multiple ? offered : offered.slice(0, 1)) : options.length ? [options[0].type] : []);

  const toggle = (type: string, on: boolean) => {
    setError(undefined);
    setChosen(multiple ? (on ? [...selected, type] : selected.filter((t) => t !== type)) : [type]);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!selected.length) return setError("Choose at least one destination");
    try {
      await update.mutateAsync({
        id: feed.id,
        destinations: selected as DestinationType[],
        ...(feed.status === "draft" ? { wizardStep: "trigger" as const } : {}),
      });
      router.push(stepHref(feed.id, "trigger"));
    } catch (err) {
      if (err instanceof ApiClientError && err.fields.destinations) setError(err.fields.destinations);
      else toast.error(errorMessage(err));
    }
  };

  return (
    <>
      <form id="destination-step" onSubmit={onSubmit} noValidate>
        <StepSection
          title="Destination"
          description={
            multiple
              ? "Where the records are stored. The options depend on this workspace's warehouse; you can choose several."
              : "Where the records are stored. This workspace's warehouse offers one destination."
          }
        >
          {warehouse.isPending ? (
            <div role="status" aria-label="Loading destinations" className="grid gap-3 sm:grid-cols-2">
              <Skeleton className="h-20" />
              <Skeleton className="h-20" />
            </div>
          ) : warehouse.isError ? (
            <ErrorState error={warehouse.error} onRetry={() => warehouse.refetch()} retrying={warehouse.isFetching} />
          ) : (
            <div className="space-y-5">
              <fieldset aria-describedby={error ? "destination-error" : undefined}>
                <legend className="mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">{multiple ? "Destinations" : "Destination"}</legend>
                <div className="grid gap-3 sm:grid-cols-2">
                  {options.map((o) => (
                    <DestinationCard key={o.type} option={o} multiple={multiple} checked={selected.includes(o.type)} onChange={(on) => toggle(o.type, on)} />
                  ))}
                </div>
                {error ? (
                  <p id="destination-error" className="mt-2 text-xs font-medium text-red-600 dark:text-red-400">
                    {error}
                  </p>
                ) : null}
              </fieldset>
              <p className="flex items-center gap-2 rounded-md bg-zinc-50 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-950/50 dark:text-zinc-300">
                <DatabaseIcon className="size-4 text-zinc-400" />
                <span>
                  Target table: <code className="font-mono font-semibold">{feed.name ? feed.name.toLowerCase() : "(name the feed on Import Configuration)"}</code>
                </span>
              </p>
            </div>
          )}
        </StepSection>
      </form>
      <WizardFooter backHref={stepHref(feed.id, "import")} form="destination-step" pending={update.isPending} nextDisabled={warehouse.isPending} />
    </>
  );
}

function DestinationCard({ option, multiple, checked, onChange }: { option: DestinationOption; multiple: boolean; checked: boolean; onChange: (on: boolean) => void }) {
  const id = `destination-${option.type}`;
  return (
    <label
      htmlFor={id}
      className={cn(
        "flex cursor-pointer items-start gap-3 rounded-lg border p-4 transition-colors",
        "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-accent-500",
        checked
          ? "border-accent-500 bg-accent-50/60 ring-1 ring-accent-500 dark:border-accent-400 dark:bg-accent-950/40 dark:ring-accent-400"
          : "border-zinc-200 hover:border-zinc-300 dark:border-zinc-800 dark:hover:border-zinc-700",
      )}
    >
      <input
        id={id}
        type={multiple ? "checkbox" : "radio"}
        name="destinations"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-description`}
        className="mt-0.5 size-4 shrink-0 accent-accent-600 focus-visible:outline-none dark:accent-accent-400"
      />
      <span>
        <span id={`${id}-label`} className="block text-sm font-medium">
          {option.label}
        </span>
        <span id={`${id}-description`} className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">
          {option.description}
        </span>
      </span>
    </label>
  );
}
