import "server-only";
import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import type { ErrorFormatter } from "@/lib/api/handler";
import { messageWithFields } from "@/lib/api/surfaces";
import { toDruidConnection } from "@/lib/connections/druid-service";
import type { Connection } from "@/lib/db/tables";

// Imply Pivot's connection object is the Druid connection's own fields, secrets masked.
export const toPivot = (row: Connection) => toDruidConnection(row);

// Imply Pivot answers errors as {"error": "<message>"}; a missing connection is exactly "Not found.".
export const pivotErrors: ErrorFormatter = (error, { requestId }) => {
  if (error instanceof ApiError) {
    const message = error.code === "not_found" ? "Not found." : messageWithFields(error.message, error.fields);
    return NextResponse.json({ error: message }, { status: error.code === "unprocessable_entity" ? 400 : error.status });
  }
  return NextResponse.json({ error: `Internal error (request id ${requestId})` }, { status: 500 });
};

export const pivotNotFound = () => new ApiError("not_found", "Not found.");
