"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { RestForm } from "./rest-form-values";

/** The optional URL the Test button calls with the credentials (bearer, API key, OAuth 2.0). */
export function TestUrlField({ form }: { form: RestForm }) {
  return (
    <Field label="Test URL" error={form.formState.errors.testUrl?.message} description="Optional: a GET the Test button makes with the credentials. Without it, Test calls nothing.">
      {(control) => <Input {...control} type="url" inputMode="url" placeholder="https://api.example.com/me" autoComplete="off" spellCheck={false} {...form.register("testUrl")} />}
    </Field>
  );
}
