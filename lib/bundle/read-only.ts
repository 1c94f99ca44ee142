import "server-only";
import { ApiError } from "@/lib/api/errors";

// Objects declared in a PROVISIONING_DIR file belong to that file: the API, the console and imports
// refuse to change or delete them (409 naming the file), as Grafana does for provisioned dashboards.
// Only the provisioning loader, passing the same file, writes them.

/** How a create/update/delete path was reached: by the provisioning loader for `provisionedFrom`, or not. */
export type WriteOptions = { provisionedFrom?: string };

export function assertWritable(row: { name: string | null; provisionedFrom: string | null }, what: string, opts: WriteOptions = {}): void {
  if (!row.provisionedFrom || row.provisionedFrom === opts.provisionedFrom) return;
  throw new ApiError(
    "conflict",
    `${what} ${row.name ?? ""} is provisioned from ${row.provisionedFrom} (PROVISIONING_DIR) and is read-only here; change that file instead`.replace(/\s+/g, " "),
    { provisionedFrom: `Provisioned from ${row.provisionedFrom}` },
  );
}

/** The column value a write stores: the loader's file, or what the row had (an import keeps it null). */
export const provisionedColumn = (opts: WriteOptions = {}) => (opts.provisionedFrom ? { provisionedFrom: opts.provisionedFrom } : {});
