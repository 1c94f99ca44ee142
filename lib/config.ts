import path from "node:path";

// The turbopackIgnore comments keep Next from tracing the whole project into the build output:
// these paths are decided at run time.

// Everything the server writes lives under DATA_DIR (default ./data, relative to the working directory).
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || "data");
}

export function dataPath(...parts: string[]): string {
  return path.join(/*turbopackIgnore: true*/ dataDir(), ...parts);
}

export function migrationsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.SWITCHYARD_MIGRATIONS_DIR || "drizzle");
}
