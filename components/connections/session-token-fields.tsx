"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { CustomAuthFields } from "./custom-auth-fields";
import type { RestForm } from "./rest-form-values";

/** Session token: Custom Auth's login request, then where the token is and how it is sent. */
export function SessionTokenFields({ form, creating }: { form: RestForm; creating: boolean }) {
  const { register, watch, formState } = form;
  const { errors } = formState;
  const where = watch("tokenIn");
  return (
    <div className="space-y-4">
      <CustomAuthFields form={form} creating={creating} />
      <Field label="Token path" error={errors.tokenPath?.message} description="Where the token is in the login's JSON answer, e.g. data.token.">
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} placeholder="data.token" {...register("tokenPath")} />}
      </Field>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Send token in" error={errors.tokenIn?.message}>
          {(control) => (
            <Select {...control} {...register("tokenIn")}>
              <option value="header">Header</option>
              <option value="query">Query parameter</option>
            </Select>
          )}
        </Field>
        <Field label={where === "query" ? "Parameter name" : "Header name"} error={errors.tokenName?.message}>
          {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("tokenName")} />}
        </Field>
        {where === "header" ? (
          <Field label="Prefix" error={errors.tokenPrefix?.message} description='e.g. "Bearer "'>
            {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("tokenPrefix")} />}
          </Field>
        ) : null}
      </div>
    </div>
  );
}
