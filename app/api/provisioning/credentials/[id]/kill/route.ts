import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { killProcesses } from "@/lib/provisioning/kill-processes";

type P = { id: string };
const killed = z.object({ killed: z.number() });

export const POST = apiRoute<undefined, undefined, typeof killed, P>({ role: "editor", output: killed }, ({ actor, params }) => killProcesses(actor, params.id, null));
