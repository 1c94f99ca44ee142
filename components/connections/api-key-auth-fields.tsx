"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { RestForm } from "./rest-form-values";
import { SecretInput } from "./secret-input";
import { TestUrlField } from "./test-url-field";

/** API key: in a header (connection.headers) or a query parameter (connection.params). */
export function ApiKeyAuthFields({ form, creating }: { form: RestForm; creating: boolean }) {
  const { register, formState } = form;
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-[10rem_minmax(0,1fr)]">
        <Field label="Send in" error={formState.errors.keyIn?.message}>
          {(control) => (
            <Select {...control} {...register("keyIn")}>
              <option value="header">Header</option>
              <option value="query">Query parameter</option>
            </Select>
          )}
        </Field>
        <Field label="Key name" error={formState.errors.keyName?.message} description="The header or parameter name, e.g. X-API-Key or api_key.">
          {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("keyName")} />}
        </Field>
      </div>
      <Field label="API key" error={formState.errors.keyValue?.message} description={creating ? undefined : "Leave as it is to keep the saved key."}>
        {(control) => <SecretInput {...control} revealLabel={creating ? "Show API key" : undefined} {...register("keyValue")} />}
      </Field>
      <TestUrlField form={form} />
    </div>
  );
}
