"use client";

import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ZapIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { ApiClientError, applyServerErrors, errorMessage } from "@/lib/api-client";
import { useCreateRestConnection, useTestConnection, useUpdateRestConnection } from "@/lib/connections/queries";
import {
  restConnectionInputSchema,
  restNameSchema,
  type ConnectionTestResult,
  type RestConnectionInput,
  type RestConnectionOut,
} from "@/lib/connections/rest-schemas";
import { AuthTypeField } from "./auth-type-field";
import { ApiKeyAuthFields } from "./api-key-auth-fields";
import { BearerAuthFields } from "./bearer-auth-fields";
import { CustomAuthFields } from "./custom-auth-fields";
import { OAuth2AuthFields } from "./oauth2-auth-fields";
import { bodyKeyErrorsOnBody, restFormDefaults, restFormFieldPaths, restFormResolver, TEST_FIELDS, type RestFormValues } from "./rest-form-values";
import { SessionTokenFields } from "./session-token-fields";
import { SecretInput } from "./secret-input";
import { ConnectionTestResultPanel } from "./test-result";

const FIXED_HINT = "Cannot be changed after creation";

type Props = { connection?: RestConnectionOut; onSaved: (saved: RestConnectionOut) => void; onCancel: () => void };

/** Create (no connection) or edit a REST connection. Name and auth type are fixed once saved. */
export function RestConnectionForm({ connection, onSaved, onCancel }: Props) {
  const creating = !connection;
  const create = useCreateRestConnection();
  const update = useUpdateRestConnection(connection?.id ?? "");
  const test = useTestConnection();
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [result]);
  const form = useForm<RestFormValues, unknown, RestConnectionInput>({ resolver: restFormResolver, defaultValues: restFormDefaults(connection) });
  const {
    register,
    handleSubmit,
    setError,
    watch,
    formState: { errors, isSubmitting },
  } = form;
  const authType = watch("authType");
  const testable = TEST_FIELDS[authType] !== undefined;

  // Field errors go onto their fields and the form keeps what was typed; anything else is a toast.
  const showError = (error: unknown) => {
    if (error instanceof ApiClientError) {
      const mapped = new ApiClientError(error.status, error.code, error.message, bodyKeyErrorsOnBody(error.fields));
      if (applyServerErrors(mapped, setError, restFormFieldPaths(form.getValues()))) return;
    }
    toast.error(errorMessage(error));
  };

  const onSubmit = handleSubmit(async (input) => {
    try {
      const saved = connection ? await update.mutateAsync(input) : await create.mutateAsync(input);
      toast.success(connection ? `Connection ${saved.name} saved` : `Connection ${saved.name} created`);
      onSaved(saved);
    } catch (error) {
      showError(error);
    }
  });

  // Test before save: only the request's fields must be valid; a missing name does not stop a test.
  const runTest = async () => {
    setResult(null);
    if (!(await form.trigger(TEST_FIELDS[form.getValues("authType")] ?? []))) return;
    const values = form.getValues();
    const name = restNameSchema.safeParse(values.name).success ? values.name : "untitled";
    const parsed = restConnectionInputSchema.safeParse({ ...values, name });
    if (!parsed.success) return;
    try {
      setResult(await test.mutateAsync({ input: parsed.data, existingId: connection?.id }));
    } catch (error) {
      showError(error);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <Field
        label="Connection Name"
        error={errors.name?.message}
        description={creating ? "Letters, digits and underscores, up to 100 characters, e.g. billing_api (feed names are stricter: a letter first, no trailing underscore, up to 50). Feeds pick connections by name." : FIXED_HINT}
      >
        {(control) =>
          connection ? (
            <Input {...control} value={connection.name} disabled readOnly />
          ) : (
            <Input {...control} autoFocus autoComplete="off" spellCheck={false} {...register("name")} />
          )
        }
      </Field>

      <AuthTypeField
        value={authType}
        fixed={connection?.authType}
        register={creating ? register("authType") : undefined}
        error={errors.authType?.message}
      />

      {authType === "basic" ? (
        <div className="grid grid-cols-2 gap-3">
          <Field label="Username" error={errors.username?.message}>
            {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("username")} />}
          </Field>
          <Field label="Password" error={errors.password?.message} description={creating ? undefined : "Leave as it is to keep the saved password."}>
            {(control) => <SecretInput {...control} revealLabel={creating ? "Show password" : undefined} {...register("password")} />}
          </Field>
        </div>
      ) : null}

      {testable ? (
        <div className="space-y-4 rounded-lg border border-zinc-200 bg-zinc-50/60 p-4 dark:border-zinc-800 dark:bg-zinc-950/40">
          {authType === "custom" ? <CustomAuthFields form={form} creating={creating} /> : null}
          {authType === "bearer" ? <BearerAuthFields form={form} creating={creating} /> : null}
          {authType === "apiKey" ? <ApiKeyAuthFields form={form} creating={creating} /> : null}
          {authType === "oauth2" ? <OAuth2AuthFields form={form} creating={creating} /> : null}
          {authType === "sessionToken" ? <SessionTokenFields form={form} creating={creating} /> : null}
          <div ref={resultRef} aria-live="polite" className="scroll-mb-24">
            {result ? <ConnectionTestResultPanel result={result} showMessage={authType !== "custom"} /> : null}
          </div>
        </div>
      ) : null}

      {/* Stays in view while the dialog scrolls, so Test and Save are always at hand. */}
      <div className="sticky bottom-0 z-10 -mx-6 -mb-6 flex items-center justify-end gap-2 rounded-b-xl border-t border-zinc-200 bg-white/95 px-6 py-4 backdrop-blur-sm dark:border-zinc-800 dark:bg-zinc-900/95">
        {testable ? (
          <Button variant="secondary" className="mr-auto" onClick={runTest} loading={test.isPending} disabled={isSubmitting}>
            {test.isPending ? null : <ZapIcon className="size-4" />}
            Test
          </Button>
        ) : null}
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={isSubmitting}>
          Save
        </Button>
      </div>
    </form>
  );
}
