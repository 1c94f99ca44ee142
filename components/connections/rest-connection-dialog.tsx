"use client";

import { Dialog } from "@/components/ui/dialog";
import type { RestConnectionOut } from "@/lib/connections/queries";
import { RestConnectionForm } from "./rest-connection-form";

export type { RestConnectionOut };

type RestConnectionDialogProps = {
  open: boolean;
  onClose: () => void;
  /** Edit this connection; create a new one when omitted. */
  connection?: RestConnectionOut;
  /** Called with the saved connection (secrets masked) before the dialog closes. */
  onSaved?: (c: RestConnectionOut) => void;
};

/** New or edit REST connection (Peak's No Auth / Basic Auth / Custom Auth), used by the Connections page and the feed wizard. */
export function RestConnectionDialog({ open, onClose, connection, onSaved }: RestConnectionDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={connection ? "Edit connection" : "New connection"}
      description={
        connection
          ? "Secrets stay as they are unless you type new ones."
          : "How Switchyard reaches a REST API and signs in to it. Feeds use it to fetch data."
      }
      // sm: so it wins over the Dialog's own max-w-lg.
      className="sm:max-w-2xl"
    >
      <RestConnectionForm
        key={connection?.id ?? "new"}
        connection={connection}
        onCancel={onClose}
        onSaved={(saved) => {
          onSaved?.(saved);
          onClose();
        }}
      />
    </Dialog>
  );
}
