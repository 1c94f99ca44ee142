// TanStack Query hooks for the workspace's warehouse and the destinations it offers feeds. Browser-safe.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { z } from "zod";
import type { destinationOptionSchema, Warehouse, warehouseOutSchema } from "./warehouse-schemas";

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

/** Admins only. PostgreSQL and Redshift are tried first; the server answers 422 with fields when it cannot connect. */
export function useUpdateWarehouse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Warehouse) => apiFetch<WarehouseView>("/api/settings/warehouse", { method: "PUT", body: input }),
    onSuccess: (view) => queryClient.setQueryData(warehouseKeys.all, view),
  });
}
