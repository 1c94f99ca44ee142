"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PlusIcon } from "@/components/ui/icons";
import { SectionHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TBody, THead, Table, Th } from "@/components/ui/table";
import { useUsers } from "@/lib/users/queries";
import { UserRow } from "./user-row";

// The form (and zod, react-hook-form with it) loads when the dialog opens.
const NewUserDialog = dynamic(() => import("./new-user-dialog").then((m) => m.NewUserDialog), { ssr: false });

export function UsersView({ currentUserId }: { currentUserId: number }) {
  const users = useUsers();
  const [creating, setCreating] = useState(false);

  return (
    <section>
      <SectionHeader
        title="Users"
        description="People who can sign in to this workspace. Viewers can look, editors can change connections, admins can also manage users and settings."
        actions={
          <Button onClick={() => setCreating(true)}>
            <PlusIcon className="size-4" />
            New user
          </Button>
        }
      />

      {users.isPending ? (
        <TableSkeleton columns={6} />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => users.refetch()} retrying={users.isFetching} />
      ) : users.data.length === 0 ? (
        <EmptyState title="No users yet" description="Create the first user to let someone sign in." />
      ) : (
        <Table>
          <THead>
            <tr>
              <Th>Email</Th>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th>Status</Th>
              <Th>Created</Th>
              <Th className="text-right">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {users.data.map((user) => (
              <UserRow key={user.id} user={user} isSelf={user.id === currentUserId} />
            ))}
          </TBody>
        </Table>
      )}

      {creating ? <NewUserDialog open onClose={() => setCreating(false)} /> : null}
    </section>
  );
}
