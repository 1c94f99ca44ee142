"use client";

import Link from "next/link";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { AlertIcon } from "@/components/ui/icons";
import { ApiClientError, errorMessage } from "@/lib/api-client";
import { useDeleteConnection, useDeleteDruidConnection } from "@/lib/connections/queries";
import { useFeeds } from "@/lib/feeds/queries";

/** `kind: "druid"` deletes through the Druid route, which refuses while CONNECTIONS_FILE fixes them. */
type Target = { id: string; name: string; kind?: string };

/**
 * "Delete this connection?" The feeds that use it are listed before anything is confirmed (the
 * server refuses, 409, while any does; its message is shown if one appeared in the meantime).
 */
export function DeleteConnectionDialog({ connection, onClose }: { connection: Target | null; onClose: () => void }) {
  return (
    <Dialog
      open={connection !== null}
      onClose={onClose}
      title={connection ? `Delete ${connection.name}?` : "Delete connection?"}
      description="Its saved credentials are erased. This cannot be undone."
      className="max-w-md"
    >
      {connection ? <DeleteConnectionBody connection={connection} onClose={onClose} /> : null}
    </Dialog>
  );
}

function DeleteConnectionBody({ connection, onClose }: { connection: Target; onClose: () => void }) {
  const removeAny = useDeleteConnection();
  const removeDruid = useDeleteDruidConnection();
  const remove = connection.kind === "druid" ? removeDruid : removeAny;
  const [refusal, setRefusal] = useState<string | null>(null);
  const users = useFeeds({ connectionId: connection.id });
  const inUse = users.data ?? [];

  const confirm = () =>
    remove.mutate(connection.id, {
      onSuccess: () => {
        toast.success(`Connection ${connection.name} deleted`);
        onClose();
      },
      onError: (error) => {
        if (error instanceof ApiClientError && error.status === 409) setRefusal(error.message);
        else toast.error(errorMessage(error));
      },
    });

  const blocked = refusal !== null || inUse.length > 0;
  return (
    <>
      {inUse.length > 0 ? (
        <Warning>
          <p>
            {inUse.length === 1 ? "A feed uses" : `${inUse.length} feeds use`} this connection. Change {inUse.length === 1 ? "it" : "them"} to another
            connection or delete {inUse.length === 1 ? "it" : "them"} first:
          </p>
          <ul className="mt-1.5 list-disc space-y-0.5 pl-5">
            {inUse.map((f) => (
              <li key={f.id}>
                <Link href={`/feeds/${f.id}`} className="font-medium underline underline-offset-2">
                  {f.name ?? `Draft #${f.id}`}
                </Link>{" "}
                ({f.status})
              </li>
            ))}
          </ul>
        </Warning>
      ) : refusal ? (
        <Warning>
          <p>{refusal}</p>
        </Warning>
      ) : users.isPending ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Checking which feeds use it…</p>
      ) : null}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose} autoFocus>
          {blocked ? "Close" : "Cancel"}
        </Button>
        {blocked ? null : (
          <Button variant="danger" onClick={confirm} loading={remove.isPending} disabled={users.isPending}>
            Delete connection
          </Button>
        )}
      </DialogFooter>
    </>
  );
}

function Warning({ children }: { children: React.ReactNode }) {
  return (
    <div
      role="alert"
      className="flex gap-2.5 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <AlertIcon className="mt-0.5 size-4 shrink-0" />
      <div>{children}</div>
    </div>
  );
}
