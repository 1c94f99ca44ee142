"use client";

import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { AlertIcon } from "@/components/ui/icons";
import { ApiClientError, errorMessage } from "@/lib/api-client";
import { useDeleteConnection, useDeleteDruidConnection } from "@/lib/connections/queries";

/** `kind: "druid"` deletes through the Druid route, which refuses while CONNECTIONS_FILE fixes them. */
type Target = { id: string; name: string; kind?: string };

/** "Delete this connection?" The server refuses (409) while feeds use it; its message names them. */
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

  return (
    <>
      {refusal ? (
        <div
          role="alert"
          className="flex gap-2.5 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200"
        >
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          <p>{refusal}</p>
        </div>
      ) : null}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose} autoFocus>
          {refusal ? "Close" : "Cancel"}
        </Button>
        {refusal ? null : (
          <Button variant="danger" onClick={confirm} loading={remove.isPending}>
            Delete connection
          </Button>
        )}
      </DialogFooter>
    </>
  );
}
