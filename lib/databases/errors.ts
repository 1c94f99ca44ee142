import { ApiError, type FieldErrors } from "@/lib/api/errors";
import type { ErrorCode } from "@/lib/api/error-codes";

// Database-connection failures carry Dataherald's error codes (seed 002) and, for the native API,
// the usual code -> status mapping. The Dataherald adapter answers 400/404 with `code`.
export const DATAHERALD_CODES = {
  invalid_database_connection: { native: "unprocessable_entity", status: 400 },
  invalid_database_uri_format: { native: "unprocessable_entity", status: 400 },
  ssh_invalid_database_connection: { native: "unprocessable_entity", status: 400 },
  empty_database: { native: "unprocessable_entity", status: 400 },
  db_connection_alias_exists: { native: "conflict", status: 400 },
  invalid_object_id: { native: "not_found", status: 400 },
  database_connection_not_found: { native: "not_found", status: 404 },
  table_description_not_found: { native: "not_found", status: 404 },
  driver_unavailable: { native: "unprocessable_entity", status: 400 },
  // The outbound policy refused the database or SSH host (lib/net); nothing was dialled.
  destination_not_allowed: { native: "destination_not_allowed", status: 400 },
} as const satisfies Record<string, { native: ErrorCode; status: number }>;

export type DataheraldCode = keyof typeof DATAHERALD_CODES;

export class DatabaseError extends ApiError {
  constructor(
    readonly dataheraldCode: DataheraldCode,
    message: string,
    readonly description: string,
    fields?: FieldErrors,
  ) {
    super(DATAHERALD_CODES[dataheraldCode].native, message, fields);
  }

  get dataheraldStatus(): number {
    return DATAHERALD_CODES[this.dataheraldCode].status;
  }
}
