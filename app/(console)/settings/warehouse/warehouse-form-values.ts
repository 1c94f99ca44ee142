import { zodResolver } from "@hookform/resolvers/zod";
import type { FieldPath, Resolver, UseFormReturn } from "react-hook-form";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
import type { WarehouseType } from "@/lib/destinations/types";
import { warehouseSchema, type Warehouse } from "@/lib/destinations/warehouse-schemas";

/** Every warehouse type's fields at once, so switching type and back keeps what was typed. */
export type WarehouseFormValues = {
  type: WarehouseType;
  host: string;
  port: number | undefined;
  database: string;
  user: string;
  password: string;
  schema: string;
  ssl: boolean;
  account: string;
  warehouse: string;
  role: string;
};

export type WarehouseForm = UseFormReturn<WarehouseFormValues, unknown, Warehouse>;

// The flat values parse with the shared schema: the union picks the branch by type and drops the rest.
export const warehouseFormResolver = zodResolver(warehouseSchema) as unknown as Resolver<WarehouseFormValues, unknown, Warehouse>;

export { WAREHOUSE_LABELS as WAREHOUSE_LABEL } from "@/lib/destinations/types";

const DEFAULT_PORT: Partial<Record<WarehouseType, number>> = { postgres: 5432, redshift: 5439 };
const DEFAULT_SCHEMA: Record<WarehouseType, string> = { sqlite: "", postgres: "public", redshift: "public", snowflake: "PUBLIC" };

const text = (v: unknown) => (typeof v === "string" ? v : "");

/** Form values from GET /api/settings/warehouse (the password arrives masked). */
export function warehouseFormDefaults(saved: Record<string, unknown>): WarehouseFormValues {
  const type = (["sqlite", "postgres", "redshift", "snowflake"] as const).find((t) => t === saved.type) ?? "sqlite";
  return {
    type,
    host: text(saved.host),
    port: typeof saved.port === "number" ? saved.port : DEFAULT_PORT[type],
    database: text(saved.database),
    user: text(saved.user),
    password: text(saved.password),
    schema: text(saved.schema) || DEFAULT_SCHEMA[type],
    ssl: saved.ssl === true,
    account: text(saved.account),
    warehouse: text(saved.warehouse),
    role: text(saved.role),
  };
}

/** Switching type swaps defaults the user has not changed, and drops a saved password's mask: it belongs to the other server. */
export function switchWarehouseType(form: WarehouseForm, from: WarehouseType, to: WarehouseType, savedType: WarehouseType) {
  const { getValues, setValue } = form;
  const port = getValues("port");
  if (port === undefined || Number.isNaN(port) || port === DEFAULT_PORT[from]) setValue("port", DEFAULT_PORT[to]);
  const schema = getValues("schema");
  if (!schema || schema === DEFAULT_SCHEMA[from]) setValue("schema", DEFAULT_SCHEMA[to]);
  if (to !== savedType && getValues("password") === SECRET_MASK) setValue("password", "");
}

/** What PUT receives: an empty optional role is no role. */
export function warehouseInput(parsed: Warehouse): Warehouse {
  if (parsed.type === "snowflake" && !parsed.role) {
    const { role: _, ...rest } = parsed;
    return rest;
  }
  return parsed;
}

export const WAREHOUSE_FIELDS: FieldPath<WarehouseFormValues>[] = ["type", "host", "port", "database", "user", "password", "schema", "ssl", "account", "warehouse", "role"];
