"use client";

import { Field } from "@/components/ui/field";
import type { RestForm } from "./rest-form-values";
import { SecretInput } from "./secret-input";
import { TestUrlField } from "./test-url-field";

/** Bearer token: sent as "Authorization: Bearer <token>" with every request the script makes. */
export function BearerAuthFields({ form, creating }: { form: RestForm; creating: boolean }) {
  const { register, formState } = form;
  return (
    <div className="space-y-4">
      <Field label="Token" error={formState.errors.token?.message} description={creating ? "Scripts get it as connection.headers.Authorization." : "Leave as it is to keep the saved token."}>
        {(control) => <SecretInput {...control} revealLabel={creating ? "Show token" : undefined} {...register("token")} />}
      </Field>
      <TestUrlField form={form} />
    </div>
  );
}
