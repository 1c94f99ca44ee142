import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { roleSchema } from "@/lib/users/schemas";

const meSchema = z.object({
  type: z.enum(["user", "token", "system", "anonymous"]),
  userId: z.number().nullable(),
  label: z.string(),
  role: roleSchema,
});

export const GET = apiRoute({ role: "viewer", output: meSchema }, ({ actor }) => actor);
