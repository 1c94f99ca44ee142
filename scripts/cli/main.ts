import { parseArgs } from "node:util";
import { sendLogsToStderr } from "@/lib/log";
import { dbCommands } from "./db";
import { secretsCommands } from "./secrets";
import { tokensCommands } from "./tokens";
import { usersCommands } from "./users";
import { workerCommands } from "./worker";
import { bundleCommands } from "./bundle";
import { CliError, type Command } from "./command";

const COMMANDS: Record<string, Command> = { ...usersCommands, ...tokensCommands, ...secretsCommands, ...dbCommands, ...workerCommands, ...bundleCommands };

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  switchyard ${name} ${c.usage}`);
  return ["Usage:", ...lines, "", "Environment: DATA_DIR (default ./data), ENCRYPTION_KEY; see .env.example."].join("\n");
}

async function main(argv: string[]): Promise<number> {
  sendLogsToStderr();
  if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help" || argv[0] === "-h") {
    console.error(usage());
    return argv.length === 0 ? 2 : 0;
  }
  // Two-word commands ("users create"), or one word followed by a file ("import bundle.yaml").
  const name = argv[1] && !argv[1].startsWith("-") && COMMANDS[`${argv[0]} ${argv[1]}`] ? `${argv[0]} ${argv[1]}` : argv[0];
  const command = COMMANDS[name];
  if (!command) {
    console.error(`error: unknown command "${argv.slice(0, 2).join(" ")}"\n\n${usage()}`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    const parsed = parseArgs({ args: argv.slice(name.split(" ").length), options: command.options, strict: true, allowPositionals: Boolean(command.positional) });
    values = parsed.values as typeof values;
    if (command.positional) values[command.positional] = parsed.positionals[0];
  } catch (e) {
    console.error(`error: ${(e as Error).message}\nusage: switchyard ${name} ${command.usage}`);
    return 2;
  }
  try {
    await command.run(values);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`error: ${e.message}`);
      return e.exitCode;
    }
    const err = e as Error & { fields?: Record<string, string> };
    const fields = err.fields ? " (" + Object.entries(err.fields).map(([k, v]) => `--${k}: ${v}`).join("; ") + ")" : "";
    console.error(`error: ${err.message}${fields}`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
