"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ApiClientError, applyServerErrors, errorMessage } from "@/lib/api-client";
import { fetchAffectedFeeds, useUpdateWarehouse, type WarehouseView } from "@/lib/destinations/queries";
import type { AffectedFeeds, Warehouse } from "@/lib/destinations/warehouse-schemas";
import { AffectedFeedsDialog } from "./affected-feeds-dialog";
import { WAREHOUSE_TYPES, type WarehouseType } from "@/lib/destinations/types";
import { PostgresFields, SnowflakeFields } from "./warehouse-fields";
import {
  WAREHOUSE_FIELDS,
  WAREHOUSE_LABEL,
  switchWarehouseType,
  warehouseFormDefaults,
  warehouseFormResolver,
  warehouseInput,
  type WarehouseFormValues,
} from "./warehouse-form-values";

const DESCRIPTION: Record<WarehouseType, string> = {
  sqlite: "A database file on this server. Nothing to set up.",
  postgres: "Your PostgreSQL server; one table per feed in a schema.",
  redshift: "Amazon Redshift, loaded over the PostgreSQL protocol.",
  snowflake: "A Snowflake account and virtual warehouse.",
};

export function WarehouseForm({ view }: { view: WarehouseView }) {
  const update = useUpdateWarehouse();
  const savedType = warehouseFormDefaults(view.warehouse).type;
  const form = useForm<WarehouseFormValues, unknown, Warehouse>({ resolver: warehouseFormResolver, defaultValues: warehouseFormDefaults(view.warehouse) });
  const {
    register,
    handleSubmit,
    setError,
    reset,
    watch,
    formState: { isSubmitting, isDirty },
  } = form;
  const type = watch("type");
  // A switch that would break feeds waits here for the admin to confirm pausing them.
  const [confirming, setConfirming] = useState<{ values: Warehouse; affected: AffectedFeeds } | null>(null);

  const save = async (values: Warehouse, pauseAffected: boolean) => {
    try {
      const saved = await update.mutateAsync({ ...warehouseInput(values), ...(pauseAffected ? { pauseAffected } : {}) });
      setConfirming(null);
      reset(warehouseFormDefaults(saved.warehouse));
      toast.success(`Warehouse saved: ${WAREHOUSE_LABEL[values.type]}`);
    } catch (error) {
      setConfirming(null);
      // 409: feeds changed since the list was shown; show the new list.
      if (error instanceof ApiClientError && error.status === 409) return ask(values).catch((e: unknown) => toast.error(errorMessage(e)));
      // 422 when the server cannot connect: the problem goes on the field it blames (host, password…).
      if (!applyServerErrors(error, setError, WAREHOUSE_FIELDS)) toast.error(errorMessage(error));
    }
  };

  const ask = async (values: Warehouse) => {
    const affected = await fetchAffectedFeeds(values.type);
    if (affected.feeds.length) setConfirming({ values, affected });
    else await save(values, false);
  };

  const onSubmit = handleSubmit(async (values) => {
    try {
      await ask(values);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  });

  const checking = isSubmitting && (type === "postgres" || type === "redshift");

  return (
    <>
      <form onSubmit={onSubmit} noValidate className="rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <div className="space-y-6 p-6">
          <fieldset role="radiogroup" aria-labelledby="warehouse-type-legend">
            <legend id="warehouse-type-legend" className="mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">
              Warehouse type
            </legend>
            <div className="grid grid-cols-2 gap-2">
              {WAREHOUSE_TYPES.map((t) => (
                <label
                  key={t}
                  className={cn(
                    "flex cursor-pointer gap-2.5 rounded-lg border p-3 text-sm transition-colors",
                    type === t
                      ? "border-accent-500 bg-accent-50/60 ring-1 ring-accent-500 dark:border-accent-400 dark:bg-accent-950/40 dark:ring-accent-400"
                      : "border-zinc-200 hover:border-zinc-300 dark:border-zinc-700 dark:hover:border-zinc-600",
                  )}
                >
                  <input
                    type="radio"
                    value={t}
                    aria-labelledby={`warehouse-type-${t}`}
                    aria-describedby={`warehouse-type-${t}-description`}
                    className="mt-0.5 accent-accent-600"
                    {...register("type", { onChange: (e: { target: { value: WarehouseType } }) => switchWarehouseType(form, type, e.target.value, savedType) })}
                  />
                  <span className="min-w-0">
                    <span id={`warehouse-type-${t}`} className="block font-medium">
                      {WAREHOUSE_LABEL[t]}
                    </span>
                    <span id={`warehouse-type-${t}-description`} className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">{DESCRIPTION[t]}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>

          {type === "postgres" || type === "redshift" ? <PostgresFields form={form} /> : null}
          {type === "snowflake" ? <SnowflakeFields form={form} /> : null}
          {type === "sqlite" ? (
            <p className="rounded-md bg-zinc-50 px-4 py-3 text-sm text-zinc-600 dark:bg-zinc-800/50 dark:text-zinc-400">
              Records load into <code className="font-mono text-[13px]">DATA_DIR/warehouse.db</code> on this server, one table per feed.
            </p>
          ) : null}
        </div>
        <div className="flex items-center justify-end gap-3 rounded-b-lg border-t border-zinc-200 bg-zinc-50 px-6 py-3 dark:border-zinc-800 dark:bg-zinc-900/60">
          <p aria-live="polite" className="text-sm text-zinc-500 dark:text-zinc-400">
            {checking ? "Connecting to check the warehouse…" : isDirty ? "Unsaved changes" : null}
          </p>
          <Button type="submit" loading={isSubmitting}>
            Save
          </Button>
        </div>
      </form>
      <AffectedFeedsDialog
        affected={confirming?.affected ?? null}
        pending={update.isPending}
        onConfirm={() => confirming && void save(confirming.values, true)}
        onCancel={() => setConfirming(null)}
      />
    </>
  );
}
