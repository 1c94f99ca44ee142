"use client";

import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { controlClasses } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { ApiClientError, errorMessage } from "@/lib/api-client";
import { usePutFeedState } from "@/lib/feeds/queries";

type Props = { open: boolean; feedId: number; current: Record<string, unknown>; onClose: () => void };

/** Why the text is not a JSON object, or null. */
function problem(text: string): string | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? null : "The state must be a JSON object, like {\"next_id\": 26}";
  } catch (e) {
    return `Invalid JSON: ${(e as Error).message}`;
  }
}

/** Edit the state as JSON, then confirm what the next run will do with it. */
export function StateEditDialog({ open, feedId, current, onClose }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title="Edit the incremental state" description="The script reads it as metadata when the next run starts." className="max-w-xl">
      {open ? <StateForm feedId={feedId} current={current} onClose={onClose} /> : null}
    </Dialog>
  );
}

function StateForm({ feedId, current, onClose }: Omit<Props, "open">) {
  const put = usePutFeedState();
  const [text, setText] = useState(() => JSON.stringify(current, null, 2));
  const [confirming, setConfirming] = useState(false);
  const [serverError, setServerError] = useState<string | undefined>();
  const issue = problem(text);
  const compact = issue ? "" : JSON.stringify(JSON.parse(text));

  const save = () =>
    put.mutate(
      { id: feedId, state: JSON.parse(text) as Record<string, unknown> },
      {
        onSuccess: () => {
          toast.success("State saved: the next run starts from it");
          onClose();
        },
        onError: (e) => {
          setConfirming(false);
          const field = e instanceof ApiClientError ? e.fields.state : undefined;
          if (field) setServerError(field);
          else toast.error(errorMessage(e));
        },
      },
    );

  if (confirming) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          The next run starts from <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs break-all dark:bg-zinc-800">{compact}</code> instead of
          where the last run stopped, and fetches what the script finds from there.
        </p>
        <DialogFooter>
          <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
            Back
          </Button>
          <Button onClick={save} loading={put.isPending}>
            Save state
          </Button>
        </DialogFooter>
      </div>
    );
  }

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!issue) setConfirming(true);
      }}
      className="space-y-4"
    >
      <Field label="State (JSON)" error={issue ?? serverError} description="A JSON object.">
        {(c) => (
          <textarea
            {...c}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setServerError(undefined);
            }}
            rows={10}
            spellCheck={false}
            className={cn(controlClasses, "py-2 font-mono text-xs")}
          />
        )}
      </Field>
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={Boolean(issue)}>
          Review
        </Button>
      </DialogFooter>
    </form>
  );
}
