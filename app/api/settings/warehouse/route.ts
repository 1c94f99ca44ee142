import { apiRoute } from "@/lib/api/handler";
import { setWarehouse, warehouseView } from "@/lib/destinations/warehouse";
import { warehouseOutSchema, warehouseUpdateSchema } from "@/lib/destinations/warehouse-schemas";

// The workspace's warehouse, and the destinations it offers feeds (DESIGN §6).
export const GET = apiRoute({ role: "viewer", output: warehouseOutSchema }, () => warehouseView());

// 409 when the switch leaves feeds' destinations behind, unless pauseAffected: true pauses them.
export const PUT = apiRoute({ role: "admin", body: warehouseUpdateSchema, output: warehouseOutSchema }, ({ actor, body }) => setWarehouse(actor, body));
