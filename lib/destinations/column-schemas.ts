import { z } from "zod";

// GET /api/feeds/{id}/columns: each destination's table as it is now, with the destination's own type names.
export const destinationColumnsSchema = z.object({
  destinations: z.array(
    z.object({
      destination: z.string(),
      label: z.string(),
      table: z.string().nullable(),
      // null: no table yet (the first load creates it), or a destination without tables (files).
      columns: z.array(z.object({ name: z.string(), type: z.string() })).nullable(),
      // Why the destination could not be read (unreachable, or no longer offered by the warehouse).
      error: z.string().nullable(),
    }),
  ),
});
export type DestinationColumns = z.infer<typeof destinationColumnsSchema>;
