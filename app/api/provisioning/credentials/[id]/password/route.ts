import { apiRoute } from "@/lib/api/handler";
import { revealPassword } from "@/lib/provisioning/reveal-password";
import { revealedPasswordSchema } from "@/lib/provisioning/schemas";

type P = { id: string };

// A POST, not a GET: revealing is an action, audited, and never cached or prefetched.
export const POST = apiRoute<undefined, undefined, typeof revealedPasswordSchema, P>({ role: "editor", output: revealedPasswordSchema }, ({ actor, params }) => revealPassword(actor, params.id));
