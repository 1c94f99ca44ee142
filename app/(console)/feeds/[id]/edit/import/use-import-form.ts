"use client";

import { useState } from "react";
import { ApiClientError } from "@/lib/api-client";
import type { FeedOut } from "@/lib/feeds/schemas";
import type { ScriptTemplates } from "@/components/feeds/wizard/script-templates";
import type { ImportStepOutput, ImportStepValues } from "@/components/feeds/wizard/step-schemas";

export type ImportField = keyof ImportStepValues;
export type ImportErrors = Partial<Record<ImportField, string>>;

const FIELDS: ImportField[] = ["dependencies", "language", "script", "loadType", "name"];

// The step's schema (and zod with it, ~45 kB gzipped) loads when first needed: on Next, Test or the
// first dependency added. The page itself stays within its budget with the editor.
export const loadSchemas = () => import("@/components/feeds/wizard/step-schemas");

/**
 * Import Configuration's form state. Plain React state rather than react-hook-form: every control
 * here is custom (editor, chips, radio cards), and the page carries CodeMirror, so it stays lean.
 * Validation is importStepSchema, the API's own field schemas.
 */
/** The step's values as saved; a new script starts from the template for the connection's auth type. */
export const savedValues = (feed: FeedOut, templates: ScriptTemplates): ImportStepValues => ({
  dependencies: feed.dependencies,
  language: feed.language,
  script: feed.script || templates[feed.language],
  loadType: feed.loadType,
  name: feed.name ?? "",
});

/** True when the script is empty or still a template, so switching language may replace it. */
export function isTemplate(script: string, templates: ScriptTemplates): boolean {
  const trimmed = script.trim();
  return trimmed === "" || Object.values(templates).some((t) => t.trim() === trimmed);
}

export function useImportForm(feed: FeedOut, templates: ScriptTemplates) {
  const [values, setValues] = useState<ImportStepValues>(() => savedValues(feed, templates));
  const [errors, setErrors] = useState<ImportErrors>({});

  const set = <K extends ImportField>(field: K, value: ImportStepValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  };

  const setError = (field: ImportField, message: string) => setErrors((e) => ({ ...e, [field]: message }));

  /** The parsed values, or the first field with a problem after putting each problem on its field. */
  const validate = async (): Promise<{ data: ImportStepOutput } | { invalid: ImportField }> => {
    const parsed = (await loadSchemas()).importStepSchema.safeParse(values);
    if (parsed.success) return { data: parsed.data };
    const next: ImportErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as ImportField;
      if (FIELDS.includes(field) && !next[field]) next[field] = issue.message;
    }
    setErrors(next);
    return { invalid: FIELDS.find((f) => next[f]) ?? "name" };
  };

  /** Puts the server's field errors ("name", "dependencies.1", …) on the fields; false if none matched. */
  const applyServerErrors = (err: unknown): boolean => {
    if (!(err instanceof ApiClientError)) return false;
    const next: ImportErrors = {};
    for (const [path, message] of Object.entries(err.fields)) {
      const [field, index] = path.split(".") as [ImportField, string | undefined];
      if (!FIELDS.includes(field)) continue;
      next[field] = field === "dependencies" && index !== undefined ? `${values.dependencies[Number(index)] ?? ""}: ${message}` : message;
    }
    setErrors((e) => ({ ...e, ...next }));
    return Object.keys(next).length > 0;
  };

  /** Replaces every value at once (a restored draft, or Discard back to the saved feed). */
  const reset = (next: ImportStepValues) => {
    setValues(next);
    setErrors({});
  };

  return { values, errors, set, setError, validate, applyServerErrors, reset };
}
