"use client";

import { ErrorState } from "@/components/ui/error-state";
import { DatabaseIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/skeleton";
import { useWarehouse, type WarehouseView as View } from "@/lib/destinations/queries";
import { WarehouseForm } from "./warehouse-form";
import { WAREHOUSE_LABEL, warehouseFormDefaults } from "./warehouse-form-values";

export function WarehouseView() {
  const warehouse = useWarehouse();
  if (warehouse.isPending) return <WarehouseSkeleton />;
  if (warehouse.isError) return <ErrorState error={warehouse.error} onRetry={() => warehouse.refetch()} retrying={warehouse.isFetching} />;
  return (
    <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
      <WarehouseForm view={warehouse.data} />
      <OfferedDestinations view={warehouse.data} />
    </div>
  );
}

/** What the feed wizard's Destination step offers with the saved warehouse (DESIGN §6). */
function OfferedDestinations({ view }: { view: View }) {
  const type = warehouseFormDefaults(view.warehouse).type;
  return (
    <section
      aria-labelledby="offered-destinations"
      data-testid="offered-destinations"
      className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h3 id="offered-destinations" className="text-sm font-semibold">
        Destinations offered to feeds
      </h3>
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
        With the saved warehouse, <span className="font-medium text-zinc-700 dark:text-zinc-300">{WAREHOUSE_LABEL[type]}</span>.{" "}
        {view.multiple ? "A feed may load into several at once." : "Feeds load here only."}
      </p>
      <ul className="mt-4 space-y-3">
        {view.destinations.map((d) => (
          <li key={d.type} className="flex gap-3">
            <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-accent-50 text-accent-600 dark:bg-accent-950 dark:text-accent-300">
              <DatabaseIcon className="size-4" />
            </span>
            <div className="min-w-0">
              <p className="text-sm font-medium">{d.label}</p>
              <p className="text-xs break-words text-zinc-500 dark:text-zinc-400">{d.description}</p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function WarehouseSkeleton() {
  return (
    <div role="status" aria-label="Loading" className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="space-y-4 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <Skeleton className="h-3.5 w-32" />
        <div className="grid grid-cols-2 gap-2">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-14" />
          ))}
        </div>
        <Skeleton className="h-9 w-2/3" />
        <Skeleton className="h-9 w-1/2" />
      </div>
      <div className="space-y-3 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <Skeleton className="h-3.5 w-40" />
        <Skeleton className="h-8 w-full" />
        <Skeleton className="h-8 w-full" />
      </div>
    </div>
  );
}
