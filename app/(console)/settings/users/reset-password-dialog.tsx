"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { applyServerErrors, errorMessage } from "@/lib/api-client";
import { PASSWORD_MIN_LENGTH_VALUE } from "@/lib/users/password-rules";
import { useResetUserPassword } from "@/lib/users/queries";
import { resetPasswordSchema, type UserOut } from "@/lib/users/schemas";

type Props = { user: UserOut; open: boolean; onClose: () => void };

export function ResetPasswordDialog({ user, open, onClose }: Props) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Reset password"
      description={`Set a new password for ${user.email}. Their current password stops working.`}
    >
      <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-200">
        This also signs {user.email} out everywhere and revokes all of their API tokens. Scripts and integrations using those
        tokens stop working until they get new ones.
      </p>
      <ResetPasswordForm user={user} onDone={onClose} />
    </Dialog>
  );
}

function ResetPasswordForm({ user, onDone }: { user: UserOut; onDone: () => void }) {
  const reset = useResetUserPassword();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm({ resolver: zodResolver(resetPasswordSchema), defaultValues: { password: "" } });

  const onSubmit = handleSubmit(async ({ password }) => {
    try {
      await reset.mutateAsync({ id: user.id, password });
      toast.success(`Password reset for ${user.email}; their sessions ended and their API tokens were revoked`);
      onDone();
    } catch (error) {
      if (!applyServerErrors(error, setError, ["password"])) toast.error(errorMessage(error));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="New password" error={errors.password?.message} description={`At least ${PASSWORD_MIN_LENGTH_VALUE} characters.`}>
        {(control) => <Input {...control} type="password" autoComplete="new-password" autoFocus {...register("password")} />}
      </Field>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={isSubmitting}>
          Set password
        </Button>
      </DialogFooter>
    </form>
  );
}
