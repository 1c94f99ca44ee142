"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import type { DruidConnectionOut } from "@/lib/connections/queries";
import { DruidConnectionForm } from "./druid-connection-form";

type Props = {
  open: boolean;
  onClose: () => void;
  /** Edit (or, when fixed, view) this connection; create a new one when omitted. */
  connection?: DruidConnectionOut;
};

function titleOf(c?: DruidConnectionOut): string {
  if (!c) return "New Druid connection";
  return c.fixed ? `Druid connection ${c.name}` : "Edit Druid connection";
}

function descriptionOf(c?: DruidConnectionOut): string {
  if (!c) return "An Apache Druid cluster for Imply Pivot: the brokers to query and how to reach them. Pivot's API sees it at once.";
  if (c.fixed) return "Fixed by the server: shown read-only.";
  return "Secrets show as •••••••• and stay as they are unless you type new ones.";
}

/** New, edit or view a Druid connection, from the Connections page. */
export function DruidConnectionDialog({ open, onClose, connection }: Props) {
  // "Save and test" turns a new connection into a saved one without closing the dialog.
  const [current, setCurrent] = useState(connection);
  const [shown, setShown] = useState({ open, connection });
  if (shown.open !== open || shown.connection !== connection) {
    setShown({ open, connection });
    setCurrent(connection);
  }

  return (
    <Dialog open={open} onClose={onClose} title={titleOf(current)} description={descriptionOf(current)} className="sm:max-w-2xl">
      <DruidConnectionForm
        connection={current}
        onCancel={onClose}
        onSaved={(saved, close) => {
          if (close) onClose();
          else setCurrent(saved);
        }}
      />
    </Dialog>
  );
}
