// Value lists shared by the database schema, zod schemas and browser forms. No imports, so the
// console's client bundles can use them without pulling in the database library.
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const CONNECTION_KINDS = ["rest", "druid", "database"] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export const FEED_STATUSES = ["draft", "active", "paused"] as const;
export const LOAD_TYPES = ["incremental", "truncate_insert"] as const;
export const LANGUAGES = ["python", "javascript"] as const;

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;

export const TABLE_DESCRIPTION_STATUSES = ["NOT_SCANNED", "SYNCHRONIZING", "SCANNED", "FAILED", "DEPRECATED"] as const;
export type TableDescriptionStatus = (typeof TABLE_DESCRIPTION_STATUSES)[number];
