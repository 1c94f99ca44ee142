"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { applyServerErrors, errorMessage } from "@/lib/api-client";
import { useUpdateGeneralSettings } from "@/lib/settings/queries";
import { generalSettingsSchema, type GeneralSettings } from "@/lib/settings/schemas";

export function GeneralSettingsForm({ initial }: { initial: GeneralSettings }) {
  const router = useRouter();
  const update = useUpdateGeneralSettings();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm({ resolver: zodResolver(generalSettingsSchema), defaultValues: initial });

  const onSubmit = handleSubmit(async (values) => {
    try {
      const saved = await update.mutateAsync(values);
      reset(saved);
      toast.success("Settings saved");
      router.refresh();
    } catch (error) {
      if (!applyServerErrors(error, setError, ["workspaceName"])) toast.error(errorMessage(error));
    }
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="max-w-2xl rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="space-y-4 p-6">
        <Field
          label="Workspace name"
          error={errors.workspaceName?.message}
          description="Shown in the sidebar for everyone in this workspace."
        >
          {(control) => <Input {...control} className="max-w-sm" {...register("workspaceName")} />}
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
