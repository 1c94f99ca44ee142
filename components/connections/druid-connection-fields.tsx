"use client";

import { useFieldArray } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { ChevronRightIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Input, controlClasses } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
import { describeSecretRef } from "@/lib/secrets/refs-syntax";
import { DRUID_PROTOCOLS, PROTOCOL_LABEL, type DruidForm } from "./druid-form-values";
import { SecretInput } from "./secret-input";

const text = { autoComplete: "off", spellCheck: false } as const;
const pem = cn(controlClasses, "resize-y py-2 font-mono text-xs leading-relaxed");
const KEEP = "Shown as the mask: leave it to keep the saved value.";

/** The brokers Pivot sends queries to, one row each. */
function QueryHosts({ form }: { form: DruidForm }) {
  const { control, register, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "queryHosts" });
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">Query hosts</legend>
      {fields.map((field, i) => {
        const error = formState.errors.queryHosts?.[i]?.value?.message;
        const errorId = `${field.id}-error`;
        return (
          <div key={field.id} className="space-y-1">
            <div className="flex items-center gap-2">
              <Input
                aria-label={`Query host ${i + 1}`}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                placeholder="broker.example.com:8082"
                className="font-mono text-[13px]"
                {...text}
                {...register(`queryHosts.${i}.value`)}
              />
              <Button
                variant="ghost"
                size="sm"
                className="w-8 px-0"
                aria-label={`Remove query host ${i + 1}`}
                title="Remove query host"
                disabled={fields.length === 1}
                onClick={() => remove(i)}
              >
                <TrashIcon className="size-4" />
              </Button>
            </div>
            {error ? (
              <p id={errorId} className="text-xs font-medium text-red-600 dark:text-red-400">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      <div className="flex items-center justify-between gap-3">
        <Button variant="secondary" size="sm" onClick={() => append({ value: "" }, { focusName: `queryHosts.${fields.length}.value` })}>
          <PlusIcon className="size-3.5" />
          Add query host
        </Button>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">Host and port of each broker or router. A test asks each one for /status.</p>
      </div>
    </fieldset>
  );
}

export function DruidConnectionFields({ form, creating }: { form: DruidForm; creating: boolean }) {
  const {
    register,
    watch,
    formState: { errors },
  } = form;
  const protocol = watch("protocol");
  const keyMasked = watch("key") === SECRET_MASK;
  // The key is a textarea, not a SecretInput: it says where a reference is read from the same way.
  const keyRef = describeSecretRef(watch("key"));
  const advancedSet = ["decorator", "decoratorOptions", "sockHost", "sockUsername", "sockPassword"].some((f) => Boolean(form.getValues(f as "decorator")));
  const reveal = (label: string) => (creating ? label : undefined);

  return (
    <div className="space-y-5">
      <div className="grid grid-cols-2 gap-4">
        <Field label="Name" error={errors.name?.message} description={creating ? "Pivot addresses the connection by this name." : "Cannot be changed after creation"}>
          {(c) => (creating ? <Input {...c} {...text} autoFocus {...register("name")} /> : <Input {...c} value={form.getValues("name")} disabled readOnly />)}
        </Field>
        <Field label="Title" error={errors.title?.message} description="What people see in Pivot.">
          {(c) => <Input {...c} {...text} {...register("title")} />}
        </Field>
      </div>

      <QueryHosts form={form} />

      <div className="grid grid-cols-2 gap-4">
        <Field label="Protocol" error={errors.protocol?.message}>
          {(c) => (
            <Select {...c} {...register("protocol")}>
              {DRUID_PROTOCOLS.map((p) => (
                <option key={p} value={p}>
                  {PROTOCOL_LABEL[p]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Version" error={errors.version?.message} description="The Druid version, when auto-detection is off.">
          {(c) => <Input {...c} {...text} placeholder="Detected automatically" {...register("version")} />}
        </Field>
        <Field label="Timeout" error={errors.timeout?.message} description="Milliseconds for native queries.">
          {(c) => <Input {...c} {...text} inputMode="numeric" placeholder="40000" {...register("timeout")} />}
        </Field>
        <Field label="SQL timeout" error={errors.sqlTimeout?.message} description="Milliseconds for SQL queries.">
          {(c) => <Input {...c} {...text} inputMode="numeric" placeholder="40000" {...register("sqlTimeout")} />}
        </Field>
      </div>

      {protocol !== "plain" ? (
        <fieldset className="grid grid-cols-2 gap-4 rounded-lg border border-zinc-200 bg-zinc-50/60 p-4 dark:border-zinc-800 dark:bg-zinc-950/40">
          <legend className="px-1 text-sm font-medium text-zinc-800 dark:text-zinc-200">TLS</legend>
          <Field label="CA" error={errors.ca?.message} description={protocol === "tls-ca" ? "The CA certificate (PEM) to trust." : "Used with tls-ca."}>
            {(c) => <textarea {...c} {...text} rows={3} className={pem} placeholder="-----BEGIN CERTIFICATE-----" {...register("ca")} />}
          </Field>
          <Field label="Certificate" error={errors.cert?.message} description="A client certificate (PEM), if the cluster asks for one.">
            {(c) => <textarea {...c} {...text} rows={3} className={pem} placeholder="-----BEGIN CERTIFICATE-----" {...register("cert")} />}
          </Field>
          <Field
            label="Key"
            error={errors.key?.message}
            description={keyMasked ? KEEP : keyRef ? <span data-testid="secret-reference">Value {keyRef}, read by the server on each use.</span> : "The client certificate's private key (PEM). Stored encrypted."}
          >
            {(c) => (
              <textarea
                {...c}
                {...text}
                rows={3}
                className={pem}
                placeholder="-----BEGIN PRIVATE KEY-----"
                onFocus={(e) => e.currentTarget.value === SECRET_MASK && e.currentTarget.select()}
                {...register("key")}
              />
            )}
          </Field>
          <Field label="Passphrase" error={errors.passphrase?.message} description={watch("passphrase") === SECRET_MASK ? KEEP : "Only if the key is protected."}>
            {(c) => <SecretInput {...c} revealLabel={reveal("Show passphrase")} {...register("passphrase")} />}
          </Field>
        </fieldset>
      ) : null}

      <details open={advancedSet} className="group rounded-lg border border-zinc-200 dark:border-zinc-800">
        <summary className="flex list-none items-center gap-2 rounded-lg px-4 py-3 text-sm font-medium [&::-webkit-details-marker]:hidden">
          <ChevronRightIcon className="size-4 text-zinc-500 transition-transform group-open:rotate-90" />
          Decorator and SOCKS proxy
        </summary>
        <div className="grid grid-cols-2 gap-4 border-t border-zinc-200 p-4 dark:border-zinc-800">
          <Field label="Decorator" error={errors.decorator?.message} description="A request decorator module Pivot runs for each query.">
            {(c) => <Input {...c} {...text} {...register("decorator")} />}
          </Field>
          <Field label="Decorator options" error={errors.decoratorOptions?.message} description="Passed to the decorator, often JSON.">
            {(c) => <textarea {...c} {...text} rows={1} className={pem} {...register("decoratorOptions")} />}
          </Field>
          <Field label="Socks host" error={errors.sockHost?.message}>
            {(c) => <Input {...c} {...text} placeholder="proxy.example.com:1080" {...register("sockHost")} />}
          </Field>
          <Field label="Socks username" error={errors.sockUsername?.message}>
            {(c) => <Input {...c} {...text} {...register("sockUsername")} />}
          </Field>
          <Field label="Socks password" error={errors.sockPassword?.message} description={watch("sockPassword") === SECRET_MASK ? KEEP : undefined}>
            {(c) => <SecretInput {...c} revealLabel={reveal("Show socks password")} {...register("sockPassword")} />}
          </Field>
        </div>
      </details>
    </div>
  );
}
