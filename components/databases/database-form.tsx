"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useForm, type FieldPath } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { AlertIcon, ZapIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { ApiClientError, errorMessage } from "@/lib/api-client";
import { useCreateDatabase, useTestDatabaseInput, useUpdateDatabase, type DatabaseTestResult } from "@/lib/databases/queries";
import type { DatabaseConnectionOut } from "@/lib/databases/native-schemas";
import type { DatabaseConnectionInput } from "@/lib/databases/schemas";
import type { Dialect } from "@/lib/drivers/types";
import { DatabaseConnectionFields } from "./database-connection-fields";
import { databaseFormDefaults, databaseFormResolver, formFieldFor, parseDatabaseForm, type DatabaseFormValues } from "./database-form-values";
import { DatabaseTestResultPanel } from "./database-test-result";
import { DEFAULT_PORT, DIALECT_LABEL, DRIVER_DIALECTS, STORED_ONLY, STORED_ONLY_DIALECTS, hasDriver } from "./dialects";
import { SshTunnelFields } from "./ssh-tunnel-fields";

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className="space-y-4 px-6 py-6">
      <div>
        <h2 className="text-sm font-semibold">{title}</h2>
        {description ? <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}

/** Create (no connection) or edit a database connection: Test tries it, Save tests again and stores it. */
export function DatabaseForm({ connection }: { connection?: DatabaseConnectionOut }) {
  const router = useRouter();
  const create = useCreateDatabase();
  const update = useUpdateDatabase(connection?.id ?? "");
  const test = useTestDatabaseInput();
  const [result, setResult] = useState<DatabaseTestResult | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const form = useForm<DatabaseFormValues, unknown, DatabaseConnectionInput>({ resolver: databaseFormResolver, defaultValues: databaseFormDefaults(connection) });
  const { register, handleSubmit, setError, clearErrors, getValues, setValue, watch, formState } = form;
  const dialect = watch("dialect");
  const back = connection ? `/databases/${connection.id}` : "/databases";

  // A result describes the values it was made with: any change makes it stale.
  useEffect(() => {
    const sub = watch((_, { name }) => {
      if (name) {
        setResult(null);
        setSaveError(null);
      }
    });
    return () => sub.unsubscribe();
  }, [watch]);
  useEffect(() => {
    if (result || saveError) resultRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [result, saveError]);

  const showErrors = (errors: Partial<Record<FieldPath<DatabaseFormValues>, string>>) => {
    Object.entries(errors).forEach(([name, message], i) => setError(name as FieldPath<DatabaseFormValues>, { type: "server", message }, { shouldFocus: i === 0 }));
  };
  /** The server's field errors onto the form; false when it named none the form shows. */
  const showServerErrors = (error: unknown): boolean => {
    if (!(error instanceof ApiClientError)) return false;
    const mapped: Partial<Record<FieldPath<DatabaseFormValues>, string>> = {};
    for (const [path, message] of Object.entries(error.fields)) {
      const field = formFieldFor(path, getValues());
      if (field) mapped[field] ??= message;
    }
    showErrors(mapped);
    return Object.keys(mapped).length > 0;
  };

  const onSubmit = handleSubmit(async (input) => {
    setSaveError(null);
    try {
      const saved = connection ? await update.mutateAsync(input) : await create.mutateAsync(input);
      toast.success(connection ? `Connection ${saved.name} saved` : `Connection ${saved.name} created`, {
        description: `${saved.tables.total} ${saved.tables.total === 1 ? "table" : "tables"} to scan`,
      });
      router.push(`/databases/${saved.id}`);
    } catch (error) {
      const onFields = showServerErrors(error);
      if (error instanceof ApiClientError && error.status !== 0 && error.status < 500) setSaveError(error.message);
      else if (!onFields) toast.error(errorMessage(error));
    }
  });

  // Test needs what reaches the database, not a name: an empty name does not stop it.
  const runTest = async () => {
    setResult(null);
    setSaveError(null);
    clearErrors();
    const values = getValues();
    const parsed = parseDatabaseForm(values, values.alias.trim() || "untitled");
    if ("errors" in parsed) return showErrors(parsed.errors);
    try {
      setResult(await test.mutateAsync(parsed.input));
    } catch (error) {
      if (!showServerErrors(error)) toast.error(errorMessage(error));
    }
  };

  // A new dialect brings its own default port and schema unless the user typed another.
  const onDialect = (next: Dialect, previous: Dialect) => {
    const port = getValues("port").trim();
    if (!port || port === String(DEFAULT_PORT[previous] ?? "")) setValue("port", String(DEFAULT_PORT[next] ?? ""));
    const schema = getValues("schema").trim();
    if (next === "postgresql" && !schema) setValue("schema", "public");
    if (next !== "postgresql" && schema === "public") setValue("schema", "");
  };

  return (
    <form onSubmit={onSubmit} noValidate className="rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="divide-y divide-zinc-200 dark:divide-zinc-800">
        <Section title="Database" description="Which kind of warehouse, and the name API clients use for it.">
          <div className="grid grid-cols-2 gap-4">
            <Field
              label="Dialect"
              description={
                hasDriver(dialect)
                  ? "Switchyard connects to it, lists its tables and scans them."
                  : `Stored only: no driver here. The URI is checked and kept for Dataherald clients, but this server cannot test or scan it.`
              }
            >
              {(c) => (
                <Select {...c} {...register("dialect", { onChange: (e: { target: { value: Dialect } }) => onDialect(e.target.value, dialect) })}>
                  <optgroup label="Connect and scan here">
                    {DRIVER_DIALECTS.map((d) => (
                      <option key={d} value={d}>
                        {DIALECT_LABEL[d]}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="Stored only">
                    {STORED_ONLY_DIALECTS.map((d) => (
                      <option key={d} value={d}>
                        {`${DIALECT_LABEL[d]} (${STORED_ONLY})`}
                      </option>
                    ))}
                  </optgroup>
                </Select>
              )}
            </Field>
            <Field label="Name" error={formState.errors.alias?.message} description="The alias Dataherald clients know it by. Unique across all connections.">
              {(c) => <Input {...c} autoFocus={!connection} autoComplete="off" spellCheck={false} placeholder="sales_warehouse" {...register("alias")} />}
            </Field>
          </div>
        </Section>

        <Section title="Connection" description={dialect === "sqlite" ? "A database file on this server." : "Where the database listens and who signs in."}>
          <DatabaseConnectionFields form={form} savedUri={connection?.uri} />
        </Section>

        {dialect !== "sqlite" ? (
          <Section title="SSH tunnel">
            <SshTunnelFields form={form} editing={Boolean(connection)} savedSecrets={connection?.ssh ? { password: connection.ssh.hasPassword, key: connection.ssh.hasPrivateKey } : undefined} />
          </Section>
        ) : null}
      </div>

      <div ref={resultRef} aria-live="polite" className="scroll-mb-24 space-y-3 px-6 empty:hidden [&>*:last-child]:mb-6">
        {result ? <DatabaseTestResultPanel result={result} /> : null}
        {saveError ? (
          <div role="alert" className="flex gap-2.5 rounded-lg border border-red-200 bg-red-50/70 p-3 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/30 dark:text-red-200">
            <AlertIcon className="mt-0.5 size-4 shrink-0" />
            <p>
              <span className="font-medium">Not saved.</span> {saveError}
            </p>
          </div>
        ) : null}
      </div>

      {/* Stays in view while the page scrolls, so Test and Save are always at hand. */}
      <div className="sticky bottom-0 z-10 flex items-center justify-end gap-2 rounded-b-lg border-t border-zinc-200 bg-white/95 px-6 py-4 backdrop-blur-sm dark:border-zinc-800 dark:bg-zinc-900/95">
        <Button variant="secondary" className="mr-auto" onClick={runTest} loading={test.isPending} disabled={formState.isSubmitting || !hasDriver(dialect)} title={hasDriver(dialect) ? undefined : "No driver for this dialect here"}>
          {test.isPending ? null : <ZapIcon className="size-4" />}
          Test
        </Button>
        <p aria-live="polite" className="text-sm text-zinc-500 dark:text-zinc-400">
          {formState.isSubmitting && hasDriver(dialect) ? "Testing before saving…" : null}
        </p>
        <Link href={back} className={buttonClasses("secondary")}>
          Cancel
        </Link>
        <Button type="submit" loading={formState.isSubmitting}>
          Save
        </Button>
      </div>
    </form>
  );
}
