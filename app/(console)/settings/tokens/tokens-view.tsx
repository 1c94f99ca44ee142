"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PlusIcon } from "@/components/ui/icons";
import { SectionHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TBody, THead, Table, Th } from "@/components/ui/table";
import type { Role } from "@/lib/auth/roles";
import { useTokens } from "@/lib/tokens/queries";
import { NewTokenDialog } from "./new-token-dialog";
import { TokenRow } from "./token-row";

export function TokensView({ currentUserId, role }: { currentUserId: number; role: Role }) {
  const tokens = useTokens();
  const [creating, setCreating] = useState(false);
  const newButton = (
    <Button onClick={() => setCreating(true)}>
      <PlusIcon className="size-4" />
      New token
    </Button>
  );
  const showOwner = tokens.data?.some((t) => t.userId !== currentUserId) ?? false;

  return (
    <section>
      <SectionHeader
        title="API tokens"
        description="Tokens let scripts and other tools call the Switchyard API as you. A token can do at most what its owner can."
        actions={newButton}
      />

      {tokens.isPending ? (
        <TableSkeleton columns={7} />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => tokens.refetch()} retrying={tokens.isFetching} />
      ) : tokens.data.length === 0 ? (
        <EmptyState
          title="No API tokens yet"
          description="Create a token to call the API from scripts, CI jobs or other tools. You will see it once, right after you create it."
        />
      ) : (
        <Table>
          <THead>
            <tr>
              <Th>Name</Th>
              {showOwner ? <Th>Owner</Th> : null}
              <Th>Role</Th>
              <Th>Prefix</Th>
              <Th>Created</Th>
              <Th>Expires</Th>
              <Th>Last used</Th>
              <Th>Status</Th>
              <Th className="text-right">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {tokens.data.map((token) => (
              <TokenRow key={token.id} token={token} showOwner={showOwner} />
            ))}
          </TBody>
        </Table>
      )}

      <NewTokenDialog open={creating} onClose={() => setCreating(false)} role={role} />
    </section>
  );
}
