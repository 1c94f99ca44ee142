import { ApiError, type FieldErrors } from "@/lib/api/errors";
import type { ErrorCode } from "@/lib/api/error-codes";

// Why a database connection could not be made, tested or found, with the native API's status for
// each reason. A compat surface maps the reason to its own code and status (lib/compat/*.ts).
export const DATABASE_ERROR_REASONS = {
  invalid_database_connection: "unprocessable_entity",
  invalid_database_uri_format: "unprocessable_entity",
  ssh_invalid_database_connection: "unprocessable_entity",
  empty_database: "unprocessable_entity",
  db_connection_alias_exists: "conflict",
  invalid_object_id: "not_found",
  database_connection_not_found: "not_found",
  table_description_not_found: "not_found",
  // A column named in a table description's update that the table does not have.
  invalid_column_name: "unprocessable_entity",
  driver_unavailable: "unprocessable_entity",
  // The outbound policy refused the database or SSH host (lib/net); nothing was dialled.
  destination_not_allowed: "destination_not_allowed",
} as const satisfies Record<string, ErrorCode>;

export type DatabaseErrorReason = keyof typeof DATABASE_ERROR_REASONS;

export class DatabaseError extends ApiError {
  constructor(
    readonly reason: DatabaseErrorReason,
    message: string,
    readonly description: string,
    fields?: FieldErrors,
  ) {
    super(DATABASE_ERROR_REASONS[reason], message, fields);
  }
}
