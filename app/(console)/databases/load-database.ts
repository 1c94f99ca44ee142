import "server-only";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { nativeDatabaseOf } from "@/lib/databases/native";
import type { DatabaseConnectionOut } from "@/lib/databases/native-schemas";
import { requireDatabaseConnection } from "@/lib/databases/service";

/** The connection of a /databases/{id}/… page, or the 404 page. */
export async function loadDatabase(id: string): Promise<DatabaseConnectionOut> {
  try {
    return await nativeDatabaseOf(await requireDatabaseConnection(id));
  } catch (e) {
    if (e instanceof ApiError) notFound();
    throw e;
  }
}
