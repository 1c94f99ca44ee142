import { unlockSignIn } from "@/lib/auth/sign-in-limit";
import { createUserSchema, resetPasswordSchema } from "@/lib/users/schemas";
import { createUser, findUserByEmail, listUsers, setPassword } from "@/lib/users/service";
import { CliError, parseInput, passwordFrom, prepare, required, type Command } from "./command";

const passwordOptions = { password: { type: "string" }, "password-stdin": { type: "boolean" } } as const;

export const usersCommands: Record<string, Command> = {
  "users create": {
    usage: "--email E (--password P | --password-stdin) --role viewer|editor|admin [--name N]",
    options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, ...passwordOptions },
    async run(values) {
      const input = parseInput(createUserSchema, {
        email: required(values, "email"),
        password: await passwordFrom(values),
        role: required(values, "role"),
        name: values.name,
      });
      const actor = await prepare();
      const user = await createUser(actor, input);
      console.log(`created ${user.role} ${user.email} (id ${user.id})`);
    },
  },
  "users set-password": {
    usage: "--email E (--password P | --password-stdin)",
    options: { email: { type: "string" }, ...passwordOptions },
    async run(values) {
      const email = required(values, "email");
      const { password } = parseInput(resetPasswordSchema, { password: await passwordFrom(values) });
      const actor = await prepare();
      const user = await findUserByEmail(email);
      if (!user) throw new CliError(`no user with email ${email}`);
      await setPassword(actor, user.id, password);
      console.log(`password changed for ${user.email}`);
    },
  },
  "users unlock": {
    usage: "--email E",
    options: { email: { type: "string" } },
    async run(values) {
      const email = required(values, "email");
      const actor = await prepare();
      const user = await findUserByEmail(email);
      if (!user) throw new CliError(`no user with email ${email}`);
      // Lifts the account's lock from every address; counters per client address stay.
      await unlockSignIn(actor, user);
      console.log(`sign-in unlocked for ${user.email}`);
    },
  },
  "users list": {
    usage: "",
    options: {},
    async run() {
      await prepare();
      for (const u of await listUsers()) console.log(`${u.id}\t${u.email}\t${u.role}${u.disabled ? "\tdisabled" : ""}`);
    },
  },
};
