// The backends of Keboola's Provisioning API (seed 004) and the types each allows. No imports, so
// the console's client bundles can use them.
export const PROVISIONING_BACKENDS = ["mysql", "redshift-workspace", "snowflake", "docker"] as const;
export type ProvisioningBackend = (typeof PROVISIONING_BACKENDS)[number];

export const ALLOWED_TYPES: Record<ProvisioningBackend, readonly string[]> = {
  mysql: ["transformations", "sandbox"],
  snowflake: ["transformations", "sandbox", "writer", "luckyguess"],
  "redshift-workspace": ["transformations", "sandbox", "writer", "luckyguess"],
  docker: ["jupyter", "rstudio"],
};

export const DEFAULT_TYPE: Record<ProvisioningBackend, string> = {
  mysql: "transformations",
  snowflake: "transformations",
  "redshift-workspace": "transformations",
  docker: "rstudio",
};

/**
 * Whether `extend` may reset a backend's validity period. Keboola's workspaces (Redshift, Snowflake)
 * answer "cannot extend" (its provisioning-client tests expect it); MySQL and Docker sandboxes extend.
 */
export const CAN_EXTEND: Record<ProvisioningBackend, boolean> = { mysql: true, docker: true, "redshift-workspace": false, snowflake: false };

export const BACKEND_LABELS: Record<ProvisioningBackend, string> = {
  mysql: "MySQL / MariaDB",
  "redshift-workspace": "Redshift workspace (PostgreSQL protocol)",
  snowflake: "Snowflake",
  docker: "Docker (RStudio, Jupyter)",
};

export function isBackend(value: string): value is ProvisioningBackend {
  return (PROVISIONING_BACKENDS as readonly string[]).includes(value);
}
