"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { HeaderRows } from "./header-rows";
import type { RestForm } from "./rest-form-values";
import { SecretInput } from "./secret-input";
import { TestUrlField } from "./test-url-field";

/** OAuth 2.0: Switchyard fetches and renews the access token; scripts get connection.headers. */
export function OAuth2AuthFields({ form, creating }: { form: RestForm; creating: boolean }) {
  const { register, watch, formState } = form;
  const { errors } = formState;
  const grant = watch("grantType");
  const keep = creating ? undefined : "Leave as it is to keep the saved value.";
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Grant type" error={errors.grantType?.message}>
          {(control) => (
            <Select {...control} {...register("grantType")}>
              <option value="client_credentials">Client credentials</option>
              <option value="refresh_token">Refresh token</option>
            </Select>
          )}
        </Field>
        <Field label="Client authentication" error={errors.clientAuth?.message}>
          {(control) => (
            <Select {...control} {...register("clientAuth")}>
              <option value="body">In the request body</option>
              <option value="basic">Basic Auth header</option>
            </Select>
          )}
        </Field>
      </div>
      <Field label="Token URL" error={errors.tokenUrl?.message}>
        {(control) => <Input {...control} type="url" inputMode="url" placeholder="https://auth.example.com/oauth/token" autoComplete="off" spellCheck={false} {...register("tokenUrl")} />}
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Client ID" error={errors.clientId?.message}>
          {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("clientId")} />}
        </Field>
        <Field label="Client secret" error={errors.clientSecret?.message} description={keep}>
          {(control) => <SecretInput {...control} revealLabel={creating ? "Show client secret" : undefined} {...register("clientSecret")} />}
        </Field>
      </div>
      {grant === "refresh_token" ? (
        <Field label="Refresh token" error={errors.refreshToken?.message} description={creating ? "A rotated refresh token from the server is stored back automatically." : keep}>
          {(control) => <SecretInput {...control} revealLabel={creating ? "Show refresh token" : undefined} {...register("refreshToken")} />}
        </Field>
      ) : null}
      <Field label="Scopes" error={errors.scopes?.message} description="Optional, separated by spaces.">
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("scopes")} />}
      </Field>
      <HeaderRows form={form} creating={creating} name="extraBody" />
      <TestUrlField form={form} />
    </div>
  );
}
