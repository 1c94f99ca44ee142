"use client";

import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { AlertIcon, ZapIcon } from "@/components/ui/icons";
import { ApiClientError, errorMessage } from "@/lib/api-client";
import type { DruidConnection } from "@/lib/connections/druid-schemas";
import {
  useCreateDruidConnection,
  useTestConnection,
  useUpdateDruidConnection,
  type ConnectionTestResult,
  type DruidConnectionOut,
} from "@/lib/connections/queries";
import { DruidConnectionFields } from "./druid-connection-fields";
import { druidFieldFor, druidFormDefaults, druidFormResolver, type DruidFormValues } from "./druid-form-values";
import { ConnectionTestResultPanel } from "./test-result";

type Props = {
  connection?: DruidConnectionOut;
  /** `close` is false after "Save and test": the dialog stays to show the result. */
  onSaved: (saved: DruidConnectionOut, close: boolean) => void;
  onCancel: () => void;
};

/** Create or edit a Druid (Pivot) connection. Test asks the saved connection's query hosts for /status. */
export function DruidConnectionForm({ connection, onSaved, onCancel }: Props) {
  const create = useCreateDruidConnection();
  const update = useUpdateDruidConnection();
  const test = useTestConnection();
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const form = useForm<DruidFormValues, unknown, DruidConnection>({ resolver: druidFormResolver, defaultValues: druidFormDefaults(connection) });
  const {
    handleSubmit,
    setError,
    reset,
    formState: { isSubmitting, isDirty },
  } = form;
  const fixed = connection?.fixed ?? false;
  // A test reaches what is saved: new or changed settings are saved first.
  const needsSave = !connection || isDirty;

  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [result]);

  const save = (input: DruidConnection) => (connection ? update.mutateAsync({ id: connection.id, input }) : create.mutateAsync(input));
  const saved = (c: DruidConnectionOut) => toast.success(connection ? `Connection ${c.name} saved` : `Connection ${c.name} created`);

  // Field errors go onto their fields and the form keeps what was typed; anything else is a toast.
  const showError = (error: unknown) => {
    if (error instanceof ApiClientError && Object.keys(error.fields).length) {
      Object.entries(error.fields).forEach(([path, message], i) => setError(druidFieldFor(path), { type: "server", message }, { shouldFocus: i === 0 }));
      return;
    }
    toast.error(errorMessage(error));
  };

  const testSaved = async (id: string) => {
    try {
      setResult(await test.mutateAsync({ id }));
    } catch (error) {
      toast.error(errorMessage(error));
    }
  };

  const onSubmit = handleSubmit(async (input) => {
    try {
      const c = await save(input);
      saved(c);
      onSaved(c, true);
    } catch (error) {
      showError(error);
    }
  });

  const onTest = async () => {
    setResult(null);
    if (!needsSave && connection) return testSaved(connection.id);
    setTesting(true);
    await handleSubmit(async (input) => {
      try {
        const c = await save(input);
        saved(c);
        reset(druidFormDefaults(c));
        onSaved(c, false);
        await testSaved(c.id);
      } catch (error) {
        showError(error);
      }
    })();
    setTesting(false);
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {fixed ? (
        <p className="flex gap-2.5 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200">
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          This connection comes from the server&apos;s connections file (CONNECTIONS_FILE, Pivot&apos;s fixedConnections). Change it there; the console shows it
          read-only.
        </p>
      ) : null}

      <fieldset disabled={fixed} className="min-w-0">
        <DruidConnectionFields form={form} creating={!connection} />
      </fieldset>

      <div ref={resultRef} aria-live="polite" className="scroll-mb-24 empty:hidden">
        {result ? <ConnectionTestResultPanel result={result} showMessage /> : null}
      </div>

      <div className="sticky bottom-0 z-10 -mx-6 -mb-6 flex items-center justify-end gap-2 rounded-b-xl border-t border-zinc-200 bg-white/95 px-6 py-4 backdrop-blur-sm dark:border-zinc-800 dark:bg-zinc-900/95">
        <Button
          variant="secondary"
          className="mr-auto"
          onClick={onTest}
          loading={test.isPending || testing}
          disabled={isSubmitting && !testing}
          title={needsSave && !fixed ? "Saves the connection, then asks each query host for /status" : "Asks each query host for /status"}
        >
          {test.isPending || testing ? null : <ZapIcon className="size-4" />}
          {needsSave && !fixed ? "Save and test" : "Test"}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {fixed ? "Close" : "Cancel"}
        </Button>
        {fixed ? null : (
          <Button type="submit" loading={isSubmitting && !testing} disabled={testing}>
            Save
          </Button>
        )}
      </div>
    </form>
  );
}
