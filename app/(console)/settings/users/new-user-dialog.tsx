"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { applyServerErrors, errorMessage } from "@/lib/api-client";
import { ROLES } from "@/lib/auth/roles";
import { PASSWORD_MIN_LENGTH_VALUE } from "@/lib/users/password-rules";
import { useCreateUser } from "@/lib/users/queries";
import { createUserSchema } from "@/lib/users/schemas";

export function NewUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="New user" description="They can sign in with this email and password right away.">
      <NewUserForm onDone={onClose} />
    </Dialog>
  );
}

function NewUserForm({ onDone }: { onDone: () => void }) {
  const create = useCreateUser();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm({
    resolver: zodResolver(createUserSchema),
    defaultValues: { email: "", name: "", password: "", role: "viewer" },
  });

  const onSubmit = handleSubmit(async (values) => {
    try {
      const user = await create.mutateAsync(values);
      toast.success(`User ${user.email} created`);
      onDone();
    } catch (error) {
      if (!applyServerErrors(error, setError, ["email", "name", "password", "role"])) toast.error(errorMessage(error));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="Email" error={errors.email?.message}>
        {(control) => <Input {...control} type="email" autoComplete="off" autoFocus {...register("email")} />}
      </Field>
      <Field label="Name" error={errors.name?.message} description="Optional. Shown next to their email.">
        {(control) => <Input {...control} autoComplete="off" {...register("name")} />}
      </Field>
      <Field
        label="Password"
        error={errors.password?.message}
        description={`At least ${PASSWORD_MIN_LENGTH_VALUE} characters. Share it with them safely; they can change it under Account.`}
      >
        {(control) => <Input {...control} type="password" autoComplete="new-password" {...register("password")} />}
      </Field>
      <Field label="Role" error={errors.role?.message}>
        {(control) => (
          <Select {...control} {...register("role")}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={isSubmitting}>
          Create user
        </Button>
      </DialogFooter>
    </form>
  );
}
