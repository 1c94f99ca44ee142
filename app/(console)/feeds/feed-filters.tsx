"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SearchBox } from "@/components/ui/search-box";
import { Select } from "@/components/ui/select";
import type { FeedFilter } from "@/lib/feeds/queries";

type Props = { filter: FeedFilter; tags: string[]; onChange: (patch: Partial<FeedFilter>) => void; onClear?: () => void };

/** Search by name, status and tag filters; they live in the URL, so a filtered list can be shared and survives a reload. */
export function FeedFilters({ filter, tags, onChange, onClear }: Props) {
  const tagOptions = filter.tag && !tags.includes(filter.tag) ? [filter.tag, ...tags] : tags;
  return (
    <form
      role="search"
      aria-label="Filter feeds"
      onSubmit={(e) => e.preventDefault()}
      className="flex flex-wrap items-end gap-3 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <SearchBox id="feed-search" label="Search feeds" value={filter.q} onSearch={(q) => onChange({ q })} className="self-end" />
      <Field label="Status" className="w-44">
        {(c) => (
          <Select {...c} value={filter.status ?? ""} onChange={(e) => onChange({ status: (e.target.value || undefined) as FeedFilter["status"] })}>
            <option value="">All statuses</option>
            <option value="active">Active</option>
            <option value="paused">Paused</option>
            <option value="draft">Draft</option>
          </Select>
        )}
      </Field>
      <Field label="Tag" className="w-52">
        {(c) => (
          <Select {...c} value={filter.tag ?? ""} onChange={(e) => onChange({ tag: e.target.value || undefined })}>
            <option value="">All tags</option>
            {tagOptions.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Button variant="ghost" onClick={onClear} disabled={!onClear} className="ml-auto">
        Clear filters
      </Button>
    </form>
  );
}
