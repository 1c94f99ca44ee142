import path from "node:path";

// Everything the server writes lives under DATA_DIR (default ./data, relative to the working directory).
export function dataDir(): string {
  return path.resolve(process.env.DATA_DIR || "data");
}

export function dataPath(...parts: string[]): string {
  return path.join(dataDir(), ...parts);
}

export function migrationsDir(): string {
  return path.resolve(process.env.SWITCHYARD_MIGRATIONS_DIR || "drizzle");
}
