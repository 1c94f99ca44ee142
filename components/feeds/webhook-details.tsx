"use client";

import { useId, useState, useSyncExternalStore } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { errorMessage } from "@/lib/api-client";
import { useRotateWebhookSecret } from "@/lib/feeds/queries";
import { CopyButton } from "./copy-button";
import { RefreshIcon } from "./feed-icons";

const noSubscription = () => () => {};

type Props = {
  feedId: number;
  path: string;
  /** The secret, when it was just created (it is shown this once). */
  secret?: string | null;
  canRotate: boolean;
};

/** A webhook's URL, its secret (only right after it was created) and how to call it. */
export function WebhookDetails({ feedId, path, secret: given, canRotate }: Props) {
  const id = useId();
  const rotate = useRotateWebhookSecret();
  const [rotated, setRotated] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const secret = rotated ?? given ?? null;
  const origin = useSyncExternalStore(noSubscription, () => window.location.origin, () => "");
  const url = `${origin}${path}`;
  const curl = `curl -X POST -H "X-Webhook-Secret: ${secret ?? "<secret>"}" ${url}`;

  const onRotate = () =>
    rotate.mutate(feedId, {
      onSuccess: (feed) => {
        setRotated(feed.webhookSecret ?? null);
        setConfirming(false);
        toast.success("New webhook secret created; the old one no longer works");
      },
      onError: (e) => {
        setConfirming(false);
        toast.error(errorMessage(e));
      },
    });

  return (
    <div className="space-y-4">
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-url`}>Webhook URL</Label>
        <div className="flex gap-2">
          <Input id={`${id}-url`} readOnly value={url} className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton text={url} label="Copy URL" what="URL" />
        </div>
      </div>
      {secret ? (
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-secret`}>Webhook secret</Label>
          <div className="flex gap-2">
            <Input
              id={`${id}-secret`}
              readOnly
              value={secret}
              className="font-mono text-xs"
              aria-describedby={`${id}-once`}
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={secret} label="Copy secret" what="Secret" />
          </div>
          <p id={`${id}-once`} className="text-sm font-medium text-amber-700 dark:text-amber-400">
            Copy the secret now. It is shown only once; if you lose it, rotate it.
          </p>
        </div>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-zinc-200 px-3 py-2.5 text-sm dark:border-zinc-800">
          <p className="text-zinc-600 dark:text-zinc-400">The secret was shown once, when it was created. Rotate it to get a new one; the old one stops working.</p>
          {canRotate ? (
            <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
              <RefreshIcon className="size-3.5" />
              Rotate secret
            </Button>
          ) : null}
        </div>
      )}
      <div className="space-y-1.5">
        <p className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Start a run from anywhere</p>
        <pre data-testid="webhook-curl" className="rounded-md bg-zinc-950 px-3 py-2.5 font-mono text-xs break-all whitespace-pre-wrap text-zinc-100 dark:bg-black/40">
          {curl}
        </pre>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Answers 202 with the queued run. The secret can also go in the query string as <code className="font-mono">?secret=</code>.
        </p>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Rotate the webhook secret?"
        description="A new secret is created and shown once. Callers still sending the old one get 401 until you give them the new one."
        confirmLabel="Rotate secret"
        pending={rotate.isPending}
        onConfirm={onRotate}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}
