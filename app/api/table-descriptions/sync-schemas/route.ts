import { hosted } from "@/lib/compat/dataherald-routes";

// The hosted API's body is a list of {db_connection_id, table_names}.
export const POST = hosted.syncSchemas.POST;
