import { apiRoute } from "@/lib/api/handler";
import { affectedFeeds } from "@/lib/destinations/warehouse";
import { affectedFeedsQuerySchema, affectedFeedsSchema } from "@/lib/destinations/warehouse-schemas";

// What a switch to ?type= would pause, for the confirmation before saving.
export const GET = apiRoute({ role: "admin", query: affectedFeedsQuerySchema, output: affectedFeedsSchema }, ({ query }) => affectedFeeds(query.type));
