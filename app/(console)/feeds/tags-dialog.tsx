"use client";

import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { ChipInput } from "@/components/feeds/chip-input";
import { feedTitle } from "@/components/feeds/feed-status-badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { ApiClientError, errorMessage } from "@/lib/api-client";
import { useUpdateFeed, type FeedSummaryOut as FeedOut } from "@/lib/feeds/queries";

const tagProblem = (tag: string) => (tag.length > 40 ? "Tags are at most 40 characters" : null);

/** Edit a feed's tags: type one and press Enter or Tab. */
export function TagsDialog({ feed, onClose, knownTags }: { feed: FeedOut | null; onClose: () => void; knownTags: string[] }) {
  return (
    <Dialog open={feed !== null} onClose={onClose} title={feed ? `Tags of ${feedTitle(feed)}` : "Tags"} description="Tags group feeds; filter the list by one.">
      {feed ? <TagsForm key={feed.id} feed={feed} onClose={onClose} knownTags={knownTags} /> : null}
    </Dialog>
  );
}

function TagsForm({ feed, onClose, knownTags }: { feed: FeedOut; onClose: () => void; knownTags: string[] }) {
  const update = useUpdateFeed();
  const [tags, setTags] = useState(feed.tags);
  const [error, setError] = useState<string | undefined>();
  const suggestions = knownTags.filter((t) => !tags.includes(t)).slice(0, 12);

  const save = () =>
    update.mutate(
      { id: feed.id, tags },
      {
        onSuccess: () => {
          toast.success(`Tags of ${feedTitle(feed)} saved`);
          onClose();
        },
        onError: (e) => {
          const field = e instanceof ApiClientError ? Object.entries(e.fields).find(([k]) => k.startsWith("tags"))?.[1] : undefined;
          if (field) setError(field);
          else toast.error(errorMessage(e));
        },
      },
    );

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      className="space-y-4"
    >
      <ChipInput label="Tags" values={tags} onChange={setTags} validate={tagProblem} max={20} error={error} placeholder="e.g. finance" description="Press Enter or Tab to add each tag." />
      {suggestions.length ? (
        <div className="flex flex-wrap items-center gap-1.5 text-xs">
          <span className="text-zinc-500 dark:text-zinc-400">Used elsewhere:</span>
          {suggestions.map((t) => (
            <button
              key={t}
              type="button"
              onClick={() => setTags([...tags, t])}
              aria-label={`Add tag ${t}`}
              className="rounded-full px-2 py-0.5 text-zinc-600 ring-1 ring-zinc-200 ring-inset hover:bg-zinc-100 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800"
            >
              + {t}
            </button>
          ))}
        </div>
      ) : null}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={update.isPending}>
          Save tags
        </Button>
      </DialogFooter>
    </form>
  );
}
