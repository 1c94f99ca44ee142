"use client";

import { useId, useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";

/** A read-only connection detail with a Copy button (selects the text where the clipboard API is missing). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  const copy = async () => {
    ref.current?.select();
    const ok = await navigator.clipboard?.writeText(value).then(() => true, () => false);
    if (ok) toast.success(`${label} copied`);
    else toast.error("Could not copy: the text is selected, copy it yourself.");
  };
  return (
    <div>
      <dt>
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
      </dt>
      <dd className="mt-1 flex gap-2">
        <Input ref={ref} id={id} readOnly value={value} className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        <Button variant="secondary" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
          <CopyIcon className="size-4" />
        </Button>
      </dd>
    </div>
  );
}
