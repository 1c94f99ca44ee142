"use client";

import { SecretInput } from "@/components/connections/secret-input";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Input, controlClasses } from "@/components/ui/input";
import { uriStructure } from "@/lib/drivers/uri";
import { isSecretRef } from "@/lib/secrets/refs-syntax";
import { entryOf, previewUri, type DatabaseForm } from "./database-form-values";
import { hasFieldsMode } from "./dialects";

const text = { autoComplete: "off", spellCheck: false } as const;
const PASSWORD_AGAIN = "Enter the password again to save changes: the saved one is never shown.";

/** Fields or Raw URI, as a two-button switch built on radios. */
function ModeSwitch({ form }: { form: DatabaseForm }) {
  const mode = form.watch("mode");
  return (
    <div role="radiogroup" aria-label="Enter the connection as" className="inline-flex rounded-md border border-zinc-300 bg-white p-0.5 shadow-sm dark:border-zinc-700 dark:bg-zinc-900">
      {(["fields", "raw"] as const).map((m) => (
        <label
          key={m}
          className={cn(
            "relative flex h-7.5 cursor-pointer items-center rounded px-3 text-sm font-medium transition-colors has-focus-visible:outline-2 has-focus-visible:outline-accent-500",
            mode === m
              ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
              : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
          )}
        >
          <input type="radio" value={m} className="absolute inset-0 cursor-pointer appearance-none rounded opacity-0" {...form.register("mode")} />
          {m === "fields" ? "Fields" : "Raw URI"}
        </label>
      ))}
    </div>
  );
}

/** Where the database is: host fields, a raw URI or a SQLite file, with the URI they make (password hidden). */
export function DatabaseConnectionFields({ form, savedUri }: { form: DatabaseForm; savedUri?: string }) {
  const {
    register,
    watch,
    formState: { errors },
  } = form;
  const values = watch();
  const entry = entryOf(values);
  const editing = savedUri !== undefined;
  const preview = entry === "raw" ? null : previewUri(values);

  return (
    <div className="space-y-4">
      {hasFieldsMode(values.dialect) ? (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Describe the server field by field, or paste a URI.</p>
          <ModeSwitch form={form} />
        </div>
      ) : null}

      {entry === "fields" ? (
        <div className="grid grid-cols-6 gap-4">
          <Field label="Host" error={errors.host?.message} className="col-span-4">
            {(c) => <Input {...c} {...text} placeholder="db.example.com" {...register("host")} />}
          </Field>
          <Field label="Port" error={errors.port?.message} className="col-span-2">
            {(c) => <Input {...c} inputMode="numeric" {...text} {...register("port")} />}
          </Field>
          <Field label="Database" error={errors.database?.message} className="col-span-2">
            {(c) => <Input {...c} {...text} {...register("database")} />}
          </Field>
          <Field label="User" error={errors.user?.message} className="col-span-2">
            {(c) => <Input {...c} {...text} {...register("user")} />}
          </Field>
          <Field label="Password" error={errors.password?.message} description={editing && !isSecretRef(values.password) ? PASSWORD_AGAIN : "Optional when the server trusts the user; or a reference, $__env{NAME} or $__file{/path} (admins)."} className="col-span-2">
            {(c) => <SecretInput {...c} revealLabel="Show password" {...register("password")} />}
          </Field>
          {values.dialect === "postgresql" ? (
            <Field label="Schema" error={errors.schema?.message} description="Tables are discovered here (search_path)." className="col-span-2">
              {(c) => <Input {...c} {...text} placeholder="public" {...register("schema")} />}
            </Field>
          ) : null}
          <Field
            label="Options"
            error={errors.options?.message}
            description={<>More URI parameters, e.g. <code className="font-mono">sslmode=require</code></>}
            className={values.dialect === "postgresql" ? "col-span-4" : "col-span-6"}
          >
            {(c) => <Input {...c} {...text} className="font-mono text-[13px]" placeholder="key=value&key2=value2" {...register("options")} />}
          </Field>
        </div>
      ) : null}

      {entry === "file" ? (
        <Field
          label="Database file"
          error={errors.file?.message}
          description="Relative to the folder the server allows for SQLite files (SQLITE_ALLOWED_DIR), e.g. sales/2026.db."
        >
          {(c) => <Input {...c} {...text} className="font-mono text-[13px]" placeholder="analytics.db" {...register("file")} />}
        </Field>
      ) : null}

      {entry === "raw" ? (
        <>
          {editing && savedUri ? (
            <div className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-xs dark:border-zinc-800 dark:bg-zinc-950/50">
              <p className="text-zinc-500 dark:text-zinc-400">Saved URI, password hidden</p>
              <p className="mt-0.5 font-mono break-all text-zinc-800 dark:text-zinc-200" data-testid="saved-uri">
                {savedUri}
              </p>
            </div>
          ) : null}
          <Field
            label="Connection URI"
            error={errors.uri?.message}
            description={
              <>
                {editing ? "Paste the full URI again, with its password, to save changes. " : null}
                Expected: <code className="font-mono break-all">{uriStructure(values.dialect)}</code>
              </>
            }
          >
            {(c) => (
              <textarea
                {...c}
                {...text}
                rows={3}
                placeholder={uriStructure(values.dialect)}
                className={cn(controlClasses, "resize-y py-2 font-mono text-[13px] leading-relaxed")}
                {...register("uri")}
              />
            )}
          </Field>
        </>
      ) : null}

      {values.dialect === "bigquery" ? (
        <Field label="Credentials file" error={errors.credentialsFile?.message} description="Path to the service account's JSON key file (path_to_credentials_file).">
          {(c) => <Input {...c} {...text} className="font-mono text-[13px]" placeholder="private_credentials/my-db-123456acbd.json" {...register("credentialsFile")} />}
        </Field>
      ) : null}

      {entry !== "raw" ? (
        <div
          className={cn(
            "rounded-md border px-3 py-2 text-xs",
            errors.uri ? "border-red-300 bg-red-50/60 dark:border-red-900/60 dark:bg-red-950/30" : "border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950/50",
          )}
        >
          <p className="text-zinc-500 dark:text-zinc-400">Connection URI, password hidden</p>
          <p aria-live="polite" data-testid="uri-preview" className="mt-0.5 min-h-4 font-mono break-all text-zinc-800 dark:text-zinc-200">
            {preview ?? <span className="text-zinc-400 dark:text-zinc-500">Fill in the fields to see it.</span>}
          </p>
          {errors.uri?.message ? (
            <p role="alert" className="mt-1.5 font-medium text-red-700 dark:text-red-300">
              {errors.uri.message}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
