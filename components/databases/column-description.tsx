"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { PencilIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";

type Props = {
  column: string;
  value: string | null;
  canEdit: boolean;
  /** Resolves when saved; rejects to keep the editor open. */
  onSave: (description: string | null) => Promise<unknown>;
};

/** A column's description, edited in place: Enter saves, Escape cancels. */
export function ColumnDescription({ column, value, canEdit, onSave }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    if (draft === null) return;
    setSaving(true);
    try {
      await onSave(draft.trim() || null);
      setDraft(null);
    } catch {
      // The caller said why; the draft stays for another try.
    } finally {
      setSaving(false);
    }
  };

  if (draft !== null) {
    return (
      <form
        className="flex items-center gap-1.5"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Input
          aria-label={`Description of ${column}`}
          autoFocus
          value={draft}
          maxLength={10_000}
          className="h-8 min-w-48 text-[13px]"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            // Escape leaves the editor, not the dialog around it.
            if (e.key === "Escape") {
              e.preventDefault();
              e.stopPropagation();
              setDraft(null);
            }
          }}
        />
        <Button type="submit" size="sm" loading={saving}>
          Save
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setDraft(null)} disabled={saving}>
          Cancel
        </Button>
      </form>
    );
  }

  return (
    <div className="group flex items-start gap-1">
      <span className={value ? "text-zinc-700 dark:text-zinc-300" : "text-zinc-400 dark:text-zinc-500"}>{value || (canEdit ? "Add a description" : "—")}</span>
      {canEdit ? (
        <button
          type="button"
          aria-label={`Edit description of ${column}`}
          title="Edit description"
          onClick={() => setDraft(value ?? "")}
          className="-my-0.5 shrink-0 rounded p-1 text-zinc-400 opacity-60 transition-opacity group-hover:opacity-100 hover:bg-zinc-100 hover:text-zinc-800 focus-visible:opacity-100 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          <PencilIcon className="size-3.5" />
        </button>
      ) : null}
    </div>
  );
}
