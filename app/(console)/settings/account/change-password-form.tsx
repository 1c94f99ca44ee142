"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { applyServerErrors, errorMessage } from "@/lib/api-client";
import { PASSWORD_MIN_LENGTH_VALUE } from "@/lib/users/password-rules";
import { useChangeOwnPassword } from "@/lib/users/queries";
import { changeOwnPasswordSchema } from "@/lib/users/schemas";

// The API's schema plus a confirmation field that never leaves the browser.
const formSchema = changeOwnPasswordSchema
  .extend({ confirmPassword: z.string().min(1, { error: "Type the new password again" }) })
  .refine((v) => v.newPassword === v.confirmPassword, { error: "The passwords do not match", path: ["confirmPassword"] });

const EMPTY = { currentPassword: "", newPassword: "", confirmPassword: "" };

export function ChangePasswordForm() {
  const change = useChangeOwnPassword();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm({ resolver: zodResolver(formSchema), defaultValues: EMPTY });

  const onSubmit = handleSubmit(async ({ currentPassword, newPassword }) => {
    try {
      await change.mutateAsync({ currentPassword, newPassword });
      reset(EMPTY);
      // The new password ended every session, this one included.
      window.location.assign("/sign-in");
    } catch (error) {
      if (!applyServerErrors(error, setError, ["currentPassword", "newPassword"])) toast.error(errorMessage(error));
    }
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="max-w-2xl rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="max-w-sm space-y-4 p-6">
        <Field label="Current password" error={errors.currentPassword?.message}>
          {(control) => <Input {...control} type="password" autoComplete="current-password" {...register("currentPassword")} />}
        </Field>
        <Field
          label="New password"
          error={errors.newPassword?.message}
          description={`At least ${PASSWORD_MIN_LENGTH_VALUE} characters.`}
        >
          {(control) => <Input {...control} type="password" autoComplete="new-password" {...register("newPassword")} />}
        </Field>
        <Field label="Confirm new password" error={errors.confirmPassword?.message}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" {...register("confirmPassword")} />}
        </Field>
      </div>
      <div className="flex justify-end rounded-b-lg border-t border-zinc-200 bg-zinc-50 px-6 py-3 dark:border-zinc-800 dark:bg-zinc-900/60">
        <Button type="submit" loading={isSubmitting}>
          Change password
        </Button>
      </div>
    </form>
  );
}
