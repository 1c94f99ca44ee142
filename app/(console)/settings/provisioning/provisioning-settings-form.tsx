"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { SecretInput } from "@/components/connections/secret-input";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { applyServerErrors, errorMessage } from "@/lib/api-client";
import { useUpdateProvisioningSettings } from "@/lib/provisioning/queries";
import { provisioningSettingsInputSchema, type ProvisioningSettingsInput } from "@/lib/provisioning/schemas";

const FIELDS = ["mysqlUrl", "redshiftUrl", "snowflake.account", "snowflake.user", "snowflake.password", "snowflake.warehouse", "dockerHost"] as const;

export function ProvisioningSettingsForm({ initial }: { initial: ProvisioningSettingsInput }) {
  const router = useRouter();
  const update = useUpdateProvisioningSettings();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm({ resolver: zodResolver(provisioningSettingsInputSchema), defaultValues: initial });

  const onSubmit = handleSubmit(async (values) => {
    try {
      const { backends: _backends, ...saved } = await update.mutateAsync(values);
      reset(saved);
      toast.success("Provisioning settings saved");
      router.refresh();
    } catch (error) {
      if (!applyServerErrors(error, setError, [...FIELDS])) toast.error(errorMessage(error));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="space-y-4 p-6">
        <Field label="MySQL / MariaDB administrative URL" error={errors.mysqlUrl?.message} description="mysql://user:password@host:3306 — creates a database and a user per sandbox. The password may be a reference: $__env{NAME} or $__file{/path}.">
          {(control) => <Input {...control} autoComplete="off" placeholder="mysql://root@127.0.0.1:3306" {...register("mysqlUrl")} />}
        </Field>
        <Field label="Redshift administrative URL" error={errors.redshiftUrl?.message} description="postgresql://user:password@cluster:5439/database — a schema and a login role per workspace. Any server speaking the PostgreSQL protocol works.">
          {(control) => <Input {...control} autoComplete="off" placeholder="postgresql://admin@cluster.example:5439/dev" {...register("redshiftUrl")} />}
        </Field>
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-medium">Snowflake</legend>
          <Field label="Snowflake account" error={errors.snowflake?.account?.message}>
            {(control) => <Input {...control} autoComplete="off" {...register("snowflake.account")} />}
          </Field>
          <Field label="Snowflake user" error={errors.snowflake?.user?.message}>
            {(control) => <Input {...control} autoComplete="off" {...register("snowflake.user")} />}
          </Field>
          <Field label="Snowflake password" error={errors.snowflake?.password?.message}>
            {(control) => <SecretInput {...control} {...register("snowflake.password")} />}
          </Field>
          <Field label="Snowflake warehouse" error={errors.snowflake?.warehouse?.message}>
            {(control) => <Input {...control} autoComplete="off" {...register("snowflake.warehouse")} />}
          </Field>
        </fieldset>
        <Field label="Docker host" error={errors.dockerHost?.message} description="The container engine for RStudio and Jupyter sandboxes (DOCKER_HOST).">
          {(control) => <Input {...control} autoComplete="off" placeholder="tcp://docker.example:2376" {...register("dockerHost")} />}
        </Field>
      </div>
      <div className="flex justify-end rounded-b-lg border-t border-zinc-200 bg-zinc-50 px-6 py-3 dark:border-zinc-800 dark:bg-zinc-900/60">
        <Button type="submit" loading={isSubmitting}>
          Save
        </Button>
      </div>
    </form>
  );
}
