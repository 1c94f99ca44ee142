"use client";

import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatDate, formatDateTime, formatRelative } from "@/components/ui/format";
import { RoleBadge } from "@/components/ui/role-badge";
import { Td, Tr } from "@/components/ui/table";
import { errorMessage } from "@/lib/api-client";
import { useRevokeToken } from "@/lib/tokens/queries";
import type { TokenOut } from "@/lib/tokens/schemas";
import { tokenStatus, type TokenStatus } from "./token-status";

const STATUS_TONE: Record<TokenStatus, BadgeTone> = { Active: "success", Revoked: "danger", Expired: "warning" };

export function TokenRow({ token, showOwner }: { token: TokenOut; showOwner: boolean }) {
  const revoke = useRevokeToken();
  const [confirming, setConfirming] = useState(false);
  const status = tokenStatus(token);
  const muted = status !== "Active";

  const onRevoke = () =>
    revoke.mutate(token.id, {
      onSuccess: () => toast.success(`Token ${token.name} revoked`),
      onError: (error) => toast.error(errorMessage(error)),
      onSettled: () => setConfirming(false),
    });

  return (
    <Tr className={muted ? "text-zinc-500 dark:text-zinc-400" : undefined}>
      <Td className="font-medium">{token.name}</Td>
      {showOwner ? <Td>{token.userEmail}</Td> : null}
      <Td>
        <RoleBadge role={token.role} />
      </Td>
      <Td>
        <code className="font-mono text-xs text-zinc-600 dark:text-zinc-300">{token.prefix}…</code>
      </Td>
      <Td className="whitespace-nowrap">{formatDate(token.createdAt)}</Td>
      <Td className="whitespace-nowrap" title={token.expiresAt ? formatDateTime(token.expiresAt) : undefined}>
        {formatDate(token.expiresAt, "Never")}
      </Td>
      <Td className="whitespace-nowrap" title={token.lastUsedAt ? formatDateTime(token.lastUsedAt) : undefined}>
        {formatRelative(token.lastUsedAt, "Never")}
      </Td>
      <Td>
        <Badge tone={STATUS_TONE[status]}>{status}</Badge>
      </Td>
      <Td className="text-right">
        {status === "Active" ? (
          <Button
            variant="ghostDanger"
            size="sm"
            onClick={() => setConfirming(true)}
          >
            Revoke
          </Button>
        ) : null}
        <ConfirmDialog
          open={confirming}
          title={`Revoke ${token.name}?`}
          description="Anything using this token stops working immediately. This cannot be undone."
          confirmLabel="Revoke token"
          pending={revoke.isPending}
          onConfirm={onRevoke}
          onCancel={() => setConfirming(false)}
        />
      </Td>
    </Tr>
  );
}
