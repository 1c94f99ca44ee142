"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { applyServerErrors, errorMessage } from "@/lib/api-client";
import { hasRole, ROLES, type Role } from "@/lib/auth/roles";
import { useCreateToken } from "@/lib/tokens/queries";
import { createTokenSchema } from "@/lib/tokens/schemas";
import { CreatedToken } from "./created-token";

const EXPIRY_OPTIONS = [
  { value: "", label: "Never" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
  { value: "90d", label: "90 days" },
  { value: "365d", label: "1 year" },
] as const;

type Props = { open: boolean; onClose: () => void; role: Role };

export function NewTokenDialog({ open, onClose, role }: Props) {
  // The token lives only here until the dialog closes, however it closes.
  const [created, setCreated] = useState<string | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title={created ? "Token created" : "New token"}
      description={created ? undefined : "The token acts as you, limited to the role you pick."}
    >
      {created ? <CreatedToken token={created} onDone={close} /> : <NewTokenForm role={role} onCreated={setCreated} onCancel={close} />}
    </Dialog>
  );
}

function NewTokenForm({ role, onCreated, onCancel }: { role: Role; onCreated: (token: string) => void; onCancel: () => void }) {
  const create = useCreateToken();
  const roles = ROLES.filter((r) => hasRole(role, r));
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm({
    resolver: zodResolver(createTokenSchema),
    defaultValues: { name: "", role, expiresIn: undefined },
  });

  const onSubmit = handleSubmit(async (values) => {
    try {
      const { token, record } = await create.mutateAsync(values);
      toast.success(`Token ${record.name} created`);
      onCreated(token);
    } catch (error) {
      if (!applyServerErrors(error, setError, ["name", "role", "expiresIn"])) toast.error(errorMessage(error));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="Name" error={errors.name?.message} description="What uses it, e.g. “CI deploy” or “Grafana”.">
        {(control) => <Input {...control} autoComplete="off" autoFocus {...register("name")} />}
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field label="Role" error={errors.role?.message}>
          {(control) => (
            <Select {...control} {...register("role")}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Expires in" error={errors.expiresIn?.message}>
          {(control) => (
            // "Never" is the empty option; the API wants no expiresIn at all for it.
            <Select {...control} {...register("expiresIn", { setValueAs: (v: string) => v || undefined })}>
              {EXPIRY_OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <DialogFooter>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={isSubmitting}>
          Create token
        </Button>
      </DialogFooter>
    </form>
  );
}
