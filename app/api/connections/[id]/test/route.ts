import { apiRoute } from "@/lib/api/handler";
import { testConnectionById } from "@/lib/connections/test-any";

// Tests a saved connection of any kind: REST (Custom Auth request), Druid (/status), database (connect).
export const POST = apiRoute<undefined, undefined, undefined, { id: string }>({ role: "editor" }, ({ actor, params }) => testConnectionById(actor, params.id));
