import { apiRoute } from "@/lib/api/handler";
import { createUserSchema, userListSchema, userSchema } from "@/lib/users/schemas";
import { createUser, listUsers } from "@/lib/users/service";

export const GET = apiRoute({ role: "admin", output: userListSchema }, async () => ({ users: await listUsers() }));

export const POST = apiRoute({ role: "admin", body: createUserSchema, output: userSchema, status: 201 }, ({ actor, body }) =>
  createUser(actor, body),
);
