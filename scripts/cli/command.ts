import type { ParseArgsConfig } from "node:util";
import type { z } from "zod";
import { cliActor, type Actor } from "@/lib/auth/actor";
import { ensureBootstrapped } from "@/lib/bootstrap";

export type Values = Record<string, string | boolean | undefined>;

export type Command = {
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  // The name a positional argument is given in `values` (import FILE), when the command takes one.
  positional?: string;
  run: (values: Values) => Promise<void>;
};

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Every command that touches the store first does the server's first-start work (migrations, key file). */
export async function prepare(): Promise<Actor> {
  await ensureBootstrapped({ announce: (text) => console.error(text) });
  return cliActor();
}

export function required(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") throw new CliError(`--${name} is required`, 2);
  return v;
}

/** zod errors name the flag that is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `--${i.path.map(String).join(".") || "input"}: ${i.message}`).join("; ");
    throw new CliError(msg, 2);
  }
  return parsed.data;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** --password P, or --password-stdin to keep it out of the process list and shell history. */
export async function passwordFrom(values: Values): Promise<string> {
  if (values["password-stdin"]) return readStdin();
  return required(values, "password");
}
