"use client";

import { SecretInput } from "@/components/connections/secret-input";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { KeyIcon } from "@/components/ui/icons";
import { Input, controlClasses } from "@/components/ui/input";
import { describeSecretRef } from "@/lib/secrets/refs-syntax";
import type { DatabaseForm } from "./database-form-values";

const text = { autoComplete: "off", spellCheck: false } as const;

/** "Use SSH tunnel" and, when ticked, the jump host and how to sign in to it. */
export function SshTunnelFields({ form, editing, savedSecrets }: { form: DatabaseForm; editing: boolean; savedSecrets?: { password: boolean; key: boolean } }) {
  const {
    register,
    watch,
    formState: { errors },
  } = form;
  const useSsh = watch("useSsh");
  // The key is a textarea, not a SecretInput: it says where a reference is read from the same way.
  const keyRef = describeSecretRef(watch("sshPrivateKey") ?? "");
  const again = editing && (savedSecrets?.password || savedSecrets?.key);

  return (
    <div className="space-y-4">
      <div className="flex items-start gap-3 text-sm">
        <input id="use-ssh" type="checkbox" className="mt-0.5 size-4 accent-accent-600" aria-describedby="use-ssh-hint" {...register("useSsh")} />
        <div>
          <label htmlFor="use-ssh" className="font-medium text-zinc-800 dark:text-zinc-200">
            Use SSH tunnel
          </label>
          <p id="use-ssh-hint" className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            Reach a database that only listens inside its network through an SSH server there.
          </p>
        </div>
      </div>

      {useSsh ? (
        <div className="grid grid-cols-6 gap-4 rounded-lg border border-zinc-200 bg-zinc-50/60 p-4 dark:border-zinc-800 dark:bg-zinc-950/40">
          {again ? (
            <p className="col-span-6 flex items-start gap-2 text-xs text-zinc-600 dark:text-zinc-400">
              <KeyIcon className="mt-px size-3.5 shrink-0" />
              Saved SSH secrets are never shown: enter the {savedSecrets?.key ? "private key" : "password"} again to save changes.
            </p>
          ) : null}
          <Field label="SSH host" error={errors.sshHost?.message} className="col-span-4">
            {(c) => <Input {...c} {...text} placeholder="bastion.example.com" {...register("sshHost")} />}
          </Field>
          <Field label="SSH port" error={errors.sshPort?.message} className="col-span-2">
            {(c) => <Input {...c} inputMode="numeric" {...text} {...register("sshPort")} />}
          </Field>
          <Field label="SSH username" error={errors.sshUsername?.message} className="col-span-3">
            {(c) => <Input {...c} {...text} {...register("sshUsername")} />}
          </Field>
          <Field label="SSH password" error={errors.sshPassword?.message} description="Or use a private key below." className="col-span-3">
            {(c) => <SecretInput {...c} revealLabel="Show SSH password" {...register("sshPassword")} />}
          </Field>
          <Field label="Private key" error={errors.sshPrivateKey?.message} description={keyRef ? <span data-testid="secret-reference">Value {keyRef}, read by the server on each use.</span> : "The PEM or OpenSSH key, pasted whole."}
            className="col-span-6"
          >
            {(c) => (
              <textarea
                {...c}
                {...text}
                rows={4}
                placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
                className={cn(controlClasses, "resize-y py-2 font-mono text-xs leading-relaxed")}
                {...register("sshPrivateKey")}
              />
            )}
          </Field>
          <Field label="Private key passphrase" error={errors.sshPrivateKeyPassword?.message} description="Only if the key is protected." className="col-span-3">
            {(c) => <SecretInput {...c} revealLabel="Show passphrase" {...register("sshPrivateKeyPassword")} />}
          </Field>
        </div>
      ) : null}
    </div>
  );
}
