"use client";

import { WebhookDetails } from "@/components/feeds/webhook-details";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";

/** After the first save as a webhook feed: the URL and the secret, shown this once. */
export function WebhookCreatedDialog({ created, feedId, onDone }: { created: { path: string; secret: string } | null; feedId: number; onDone: () => void }) {
  return (
    <Dialog
      open={created !== null}
      onClose={onDone}
      title="Webhook ready"
      description="The feed is active. Other systems start a run by POSTing to this URL with the secret."
      className="max-w-2xl"
    >
      {created ? (
        <>
          <WebhookDetails feedId={feedId} path={created.path} secret={created.secret} canRotate={false} />
          <DialogFooter>
            <Button onClick={onDone}>Done</Button>
          </DialogFooter>
        </>
      ) : null}
    </Dialog>
  );
}
