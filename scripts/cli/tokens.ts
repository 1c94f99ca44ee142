import { createTokenSchema } from "@/lib/tokens/schemas";
import { createToken, revokeToken, revokeTokensByName } from "@/lib/tokens/service";
import { findUserByEmail } from "@/lib/users/service";
import { CliError, parseInput, prepare, required, type Command } from "./command";

export const tokensCommands: Record<string, Command> = {
  "tokens create": {
    usage: "--user E --name N [--role viewer|editor|admin] [--expires-in 30d|12h|2w]",
    options: { user: { type: "string" }, name: { type: "string" }, role: { type: "string" }, "expires-in": { type: "string" } },
    async run(values) {
      const email = required(values, "user");
      const input = parseInput(createTokenSchema, {
        name: required(values, "name"),
        role: values.role,
        expiresIn: values["expires-in"],
      });
      const actor = await prepare();
      const user = await findUserByEmail(email);
      if (!user) throw new CliError(`no user with email ${email}`);
      // The CLI acts as the system (an admin), so it may create a token for any user; createToken
      // still caps the token's role at its owner's.
      const { token } = await createToken(actor, { ...input, userId: user.id });
      // The token alone on stdout, so scripts can capture it: TOKEN=$(npx switchyard tokens create …)
      console.log(token);
    },
  },
  "tokens revoke": {
    usage: "(--id N | --user E --name N)",
    options: { id: { type: "string" }, user: { type: "string" }, name: { type: "string" } },
    async run(values) {
      const actor = await prepare();
      if (typeof values.id === "string") {
        const id = Number(values.id);
        if (!Number.isSafeInteger(id) || id <= 0) throw new CliError("--id must be a token id", 2);
        const t = await revokeToken(actor, id);
        console.log(`revoked ${t.name} (${t.prefix}…) of ${t.userEmail}`);
        return;
      }
      const revoked = await revokeTokensByName(actor, required(values, "user"), required(values, "name"));
      if (revoked.length === 0) throw new CliError(`no active token named ${values.name} for ${values.user}`);
      for (const t of revoked) console.log(`revoked ${t.name} (${t.prefix}…) of ${t.userEmail}`);
    },
  },
};
