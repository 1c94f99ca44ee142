import { apiRoute, numericId } from "@/lib/api/handler";
import { destinationColumnsSchema } from "@/lib/destinations/column-schemas";
import { feedDestinationColumns } from "@/lib/destinations/feed-columns";

type P = { id: string };

// The feed's table in each destination: its columns and their types (README "Column types").
export const GET = apiRoute<undefined, undefined, typeof destinationColumnsSchema, P>({ role: "viewer", output: destinationColumnsSchema }, ({ params }) =>
  feedDestinationColumns(numericId(params.id, "Feed")),
);
