import "server-only";
import { requireFeed } from "@/lib/feeds/service";
import type { DestinationColumns } from "./column-schemas";
import { destinationFor } from "./registry";
import { DESTINATION_LABELS, DESTINATION_TYPES, type DestinationType } from "./types";

/** The columns and types of a feed's table in each of its destinations, read from the destinations themselves. */
export async function feedDestinationColumns(feedId: number): Promise<DestinationColumns> {
  const feed = await requireFeed(feedId);
  const table = feed.name?.toLowerCase() ?? null;
  const destinations = await Promise.all(
    feed.destinations.map(async (type) => {
      const label = DESTINATION_LABELS[type as DestinationType] ?? type;
      if (!table || !DESTINATION_TYPES.includes(type as DestinationType)) return { destination: type, label, table, columns: null, error: null };
      try {
        return { destination: type, label, table, columns: await (await destinationFor(type as DestinationType)).columns(table), error: null };
      } catch (e) {
        return { destination: type, label, table, columns: null, error: (e as Error).message };
      }
    }),
  );
  return { destinations };
}
