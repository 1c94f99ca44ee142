import fs from "node:fs";
import YAML from "yaml";

// ${VAR} and ${VAR:-default} in declaration files (CONNECTIONS_FILE, PROVISIONING_DIR) read the
// environment when the file is loaded. Grafana's $__env{NAME} secret references are left as
// written: they are stored as the reference and resolved where the secret is used.

export function expandEnv(value: unknown, source: string): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
      const v = process.env[name];
      if (v === undefined && fallback === undefined) throw new Error(`${source} refers to \${${name}}, which is not set`);
      return v ?? fallback ?? "";
    });
  }
  if (Array.isArray(value)) return value.map((v) => expandEnv(v, source));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, source)]));
  return value;
}

/** A YAML or JSON declaration file, parsed, with ${VAR} expanded. */
export function readDeclarationFile(file: string, source: string): unknown {
  const text = fs.readFileSync(file, "utf8");
  return expandEnv(file.endsWith(".json") ? JSON.parse(text) : YAML.parse(text), source);
}
