import { apiRoute } from "@/lib/api/handler";
import { setWarehouse, warehouseView } from "@/lib/destinations/warehouse";
import { warehouseOutSchema, warehouseSchema } from "@/lib/destinations/warehouse-schemas";

// The workspace's warehouse, and the destinations it offers feeds (DESIGN §6).
export const GET = apiRoute({ role: "viewer", output: warehouseOutSchema }, () => warehouseView());

export const PUT = apiRoute({ role: "admin", body: warehouseSchema, output: warehouseOutSchema }, ({ actor, body }) => setWarehouse(actor, body));
