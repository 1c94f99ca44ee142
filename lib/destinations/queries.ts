// TanStack Query hooks for the workspace's warehouse and the destinations it offers feeds. Browser-safe.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { z } from "zod";
import type { DestinationColumns } from "./column-schemas";
import type { AffectedFeeds, destinationOptionSchema, Warehouse, warehouseOutSchema, WarehouseUpdate } from "./warehouse-schemas";

export type { Warehouse };
/** GET/PUT /api/settings/warehouse: the warehouse (password masked) and the destinations feeds may choose. */
export type WarehouseView = z.infer<typeof warehouseOutSchema>;
export type DestinationOption = z.infer<typeof destinationOptionSchema>;

export const warehouseKeys = {
  all: ["warehouse"] as const,
};

export function useWarehouse() {
  return useQuery({
    queryKey: warehouseKeys.all,
    queryFn: () => apiFetch<WarehouseView>("/api/settings/warehouse"),
  });
}

/**
 * Admins only. PostgreSQL and Redshift are tried first; the server answers 422 with fields when it
 * cannot connect, and 409 when the switch would break feeds and `pauseAffected` is not set.
 */
export function useUpdateWarehouse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: WarehouseUpdate) => apiFetch<WarehouseView>("/api/settings/warehouse", { method: "PUT", body: input }),
    onSuccess: (view, input) => {
      queryClient.setQueryData(warehouseKeys.all, view);
      // Paused feeds show their new status and reason.
      if (input.pauseAffected) void queryClient.invalidateQueries({ queryKey: ["feeds"] });
    },
  });
}

/** The feeds a switch to this warehouse type would pause (asked before saving). */
export const fetchAffectedFeeds = (type: Warehouse["type"]) => apiFetch<AffectedFeeds>(`/api/settings/warehouse/affected-feeds?type=${encodeURIComponent(type)}`);

/** GET /api/feeds/{id}/columns; `version` changes when a run settles, so a load's new columns show. */
export function useDestinationColumns(feedId: number, version: string | null) {
  return useQuery({
    queryKey: ["feeds", "columns", feedId, version],
    queryFn: () => apiFetch<DestinationColumns>(`/api/feeds/${feedId}/columns`),
    placeholderData: (previous) => previous,
  });
}
