"use client";

import { useId, useRef } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { CopyIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (plain http on another host): fall back to selecting the text.
    input?.select();
    return document.execCommand?.("copy") ?? false;
  }
}

/** Shows a freshly created token once, with a Copy button and how to use it. */
export function CreatedToken({ token, onDone }: { token: string; onDone: () => void }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const origin = typeof window === "undefined" ? "" : window.location.origin;

  const onCopy = async () => {
    if (await copyText(token, inputRef.current)) {
      toast.success("Token copied");
    } else {
      toast.error("Could not copy. Select the token and copy it yourself.");
    }
  };

  return (
    <div className="space-y-4">
      <div className="space-y-1.5">
        <Label htmlFor={id}>New API token</Label>
        <div className="flex gap-2">
          <Input
            ref={inputRef}
            id={id}
            readOnly
            value={token}
            className="font-mono text-xs"
            aria-describedby={`${id}-once`}
            onFocus={(e) => e.currentTarget.select()}
          />
          <Button variant="secondary" onClick={onCopy}>
            <CopyIcon className="size-4" />
            Copy
          </Button>
        </div>
        <p id={`${id}-once`} className="text-sm font-medium text-amber-700 dark:text-amber-400">
          Copy this token now. You will not be able to see it again.
        </p>
      </div>

      <div className="space-y-2 rounded-md bg-zinc-50 p-3 text-xs text-zinc-600 dark:bg-zinc-950 dark:text-zinc-400">
        <p>Send it in the Authorization header:</p>
        <pre className="overflow-x-auto rounded bg-zinc-900 px-3 py-2 font-mono text-zinc-100 dark:bg-zinc-800">
          {`curl -H "Authorization: Bearer <token>" ${origin}/api/me`}
        </pre>
        <p>
          Tools that cannot set it may send the token in <code className="font-mono">x-imply-api-token</code>,{" "}
          <code className="font-mono">X-StorageApi-Token</code> or <code className="font-mono">X-API-Key</code> instead.
        </p>
      </div>

      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </div>
  );
}
