"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "@/components/ui/toast";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatDate } from "@/components/ui/format";
import { Select } from "@/components/ui/select";
import { Td, Tr } from "@/components/ui/table";
import { errorMessage } from "@/lib/api-client";
import { ROLES, type Role } from "@/lib/auth/roles";
import { useUpdateUser } from "@/lib/users/queries";
import type { UserOut } from "@/lib/users/schemas";
import { SignOutUserButton } from "./sign-out-user-button";
import { UnlockButton } from "./unlock-button";

const ResetPasswordDialog = dynamic(() => import("./reset-password-dialog").then((m) => m.ResetPasswordDialog), { ssr: false });

export function UserRow({ user, isSelf }: { user: UserOut; isSelf: boolean }) {
  const router = useRouter();
  const roleId = useId();
  const update = useUpdateUser();
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  const [resetting, setResetting] = useState(false);
  const pendingRole = update.isPending ? update.variables.role : undefined;

  const changeRole = (role: Role) =>
    update.mutate(
      { id: user.id, role },
      {
        onSuccess: () => {
          toast.success(`${user.email} is now ${role === "admin" ? "an" : "a"} ${role}`);
          // Demoting yourself changes what you may see: let the server re-check this page.
          if (isSelf) router.refresh();
        },
        onError: (error) => toast.error(errorMessage(error)),
      },
    );

  const setDisabled = (disabled: boolean) =>
    update.mutate(
      { id: user.id, disabled },
      {
        onSuccess: () => {
          setConfirmingDisable(false);
          toast.success(disabled ? `${user.email} is disabled` : `${user.email} is enabled again`);
        },
        onError: (error) => {
          setConfirmingDisable(false);
          toast.error(errorMessage(error));
        },
      },
    );

  return (
    <Tr className={user.disabled ? "text-zinc-500 dark:text-zinc-400" : undefined}>
      <Td className="font-medium">
        {user.email}
        {isSelf ? (
          <Badge className="ml-2" tone="neutral">
            You
          </Badge>
        ) : null}
      </Td>
      <Td>{user.name || <span className="text-zinc-400 dark:text-zinc-500">—</span>}</Td>
      <Td>
        <label htmlFor={roleId} className="sr-only">
          Role for {user.email}
        </label>
        <Select
          id={roleId}
          className="h-8 min-w-24"
          value={pendingRole ?? user.role}
          disabled={update.isPending}
          onChange={(e) => changeRole(e.target.value as Role)}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </Select>
      </Td>
      <Td>{user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}</Td>
      <Td className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">{formatDate(user.createdAt)}</Td>
      <Td>
        <div className="flex justify-end gap-1">
          <Button variant="ghost" size="sm" onClick={() => setResetting(true)}>
            Reset password
          </Button>
          <UnlockButton user={user} />
          {user.disabled ? null : <SignOutUserButton user={user} isSelf={isSelf} />}
          {user.disabled ? (
            <Button variant="ghost" size="sm" disabled={update.isPending} onClick={() => setDisabled(false)}>
              Enable
            </Button>
          ) : (
            <Button
              variant="ghostDanger"
              size="sm"
              disabled={update.isPending}
              onClick={() => setConfirmingDisable(true)}
            >
              Disable
            </Button>
          )}
        </div>
        <ConfirmDialog
          open={confirmingDisable}
          title={`Disable ${user.email}?`}
          description={
            isSelf
              ? "You are disabling your own account. You will be signed out and cannot sign in again until another admin enables you."
              : "They will be signed out and their API tokens will stop working until an admin enables them again."
          }
          confirmLabel="Disable user"
          pending={update.isPending}
          onConfirm={() => setDisabled(true)}
          onCancel={() => setConfirmingDisable(false)}
        />
        {resetting ? <ResetPasswordDialog user={user} open onClose={() => setResetting(false)} /> : null}
      </Td>
    </Tr>
  );
}
