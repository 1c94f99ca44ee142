"use client";

import { SecretInput } from "@/components/connections/secret-input";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
import type { WarehouseForm } from "./warehouse-form-values";

const KEEP_HINT = `Shown as ${SECRET_MASK}: leave it to keep the saved password.`;

/** PostgreSQL and Redshift: the same connection settings, over the PostgreSQL protocol. */
export function PostgresFields({ form }: { form: WarehouseForm }) {
  const {
    register,
    watch,
    formState: { errors },
  } = form;
  const masked = watch("password") === SECRET_MASK;
  return (
    <div className="grid grid-cols-6 gap-4">
      <Field label="Host" error={errors.host?.message} className="col-span-4">
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} placeholder="db.example.com" {...register("host")} />}
      </Field>
      <Field label="Port" error={errors.port?.message} className="col-span-2">
        {(control) => (
          <Input
            {...control}
            type="number"
            inputMode="numeric"
            min={1}
            max={65535}
            {...register("port", { setValueAs: (v: unknown) => (v === "" || v === null || v === undefined ? undefined : Number(v)) })}
          />
        )}
      </Field>
      <Field label="Database" error={errors.database?.message} className="col-span-2">
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("database")} />}
      </Field>
      <Field label="User" error={errors.user?.message} className="col-span-2">
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("user")} />}
      </Field>
      <Field label="Password" error={errors.password?.message} description={masked ? KEEP_HINT : undefined} className="col-span-2">
        {(control) => <SecretInput {...control} revealLabel={masked ? undefined : "Show password"} {...register("password")} />}
      </Field>
      <Field
        label="Schema"
        error={errors.schema?.message}
        description="Created if it does not exist. One table per feed goes here."
        className="col-span-3"
      >
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("schema")} />}
      </Field>
      <div className="col-span-3 flex items-start pt-7">
        <label className="flex items-center gap-2 text-sm text-zinc-800 dark:text-zinc-200">
          <input type="checkbox" className="size-4 accent-accent-600" {...register("ssl")} />
          Use SSL (verify the server certificate)
        </label>
      </div>
    </div>
  );
}

export function SnowflakeFields({ form }: { form: WarehouseForm }) {
  const {
    register,
    watch,
    formState: { errors },
  } = form;
  const masked = watch("password") === SECRET_MASK;
  return (
    <div className="grid grid-cols-2 gap-4">
      <Field label="Account" error={errors.account?.message} description="The account identifier, e.g. myorg-myaccount." className="col-span-2">
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("account")} />}
      </Field>
      <Field label="User" error={errors.user?.message}>
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("user")} />}
      </Field>
      <Field label="Password" error={errors.password?.message} description={masked ? KEEP_HINT : undefined}>
        {(control) => <SecretInput {...control} revealLabel={masked ? undefined : "Show password"} {...register("password")} />}
      </Field>
      <Field label="Virtual warehouse" error={errors.warehouse?.message} description="The compute warehouse that runs the loads.">
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("warehouse")} />}
      </Field>
      <Field label="Role" error={errors.role?.message} description="Optional. The user's default role when empty.">
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("role")} />}
      </Field>
      <Field label="Database" error={errors.database?.message}>
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("database")} />}
      </Field>
      <Field label="Schema" error={errors.schema?.message}>
        {(control) => <Input {...control} autoComplete="off" spellCheck={false} {...register("schema")} />}
      </Field>
    </div>
  );
}
