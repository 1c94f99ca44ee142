"use client";

import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { CopyIcon } from "@/components/ui/icons";

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (plain http on another host): copy through a temporary selection.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const ok = document.execCommand?.("copy") ?? false;
    area.remove();
    return ok;
  }
}

/** "Copy URL", "Copy secret": copies the text and says so. */
export function CopyButton({ text, label, what }: { text: string; label: string; what: string }) {
  return (
    <Button
      variant="secondary"
      onClick={async () => {
        if (await copyText(text)) toast.success(`${what} copied`);
        else toast.error(`Could not copy. Select the ${what.toLowerCase()} and copy it yourself.`);
      }}
    >
      <CopyIcon className="size-4" />
      {label}
    </Button>
  );
}
