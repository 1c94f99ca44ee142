"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { PencilIcon } from "@/components/feeds/feed-icons";
import { describeTrigger, formatDue } from "@/components/feeds/trigger-text";
import { reachedIndex, stepHref, stepIndex, STEPS, type StepId } from "@/components/feeds/wizard/steps";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { DESTINATION_LABELS, type DestinationType } from "@/lib/destinations/types";
import type { FeedOut } from "@/lib/feeds/schemas";
import { AUTH_TYPE_LABEL } from "@/components/connections/connection-labels";
import { useRestConnection } from "@/lib/connections/queries";

const LOAD_TYPE: Record<FeedOut["loadType"], string> = { incremental: "Incremental", truncate_insert: "Truncate and Insert" };
const LANGUAGE: Record<FeedOut["language"], string> = { python: "Python", javascript: "JavaScript" };

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-1.5 text-sm">
      <dt className="shrink-0 text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 text-right">{children}</dd>
    </div>
  );
}

function Stage({ feed, step, canEdit, children }: { feed: FeedOut; step: StepId; canEdit: boolean; children: ReactNode }) {
  const meta = STEPS[stepIndex(step)];
  const reachable = stepIndex(step) <= reachedIndex(feed);
  return (
    <section aria-labelledby={`stage-${step}`} className="flex flex-col rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mb-2 flex items-center justify-between gap-3">
        <h2 id={`stage-${step}`} className="flex items-center gap-2 text-sm font-semibold">
          <span aria-hidden className="flex size-5 items-center justify-center rounded-full bg-zinc-100 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{stepIndex(step) + 1}</span>
          {meta.label}
        </h2>
        {canEdit && reachable ? (
          <Link href={stepHref(feed.id, step)} className={cn(buttonClasses("ghost", "sm"), "-my-1")} aria-label={`Edit ${meta.label}`}>
            <PencilIcon className="size-3.5" />
            Edit
          </Link>
        ) : null}
      </div>
      <dl className="divide-y divide-zinc-100 dark:divide-zinc-800">{children}</dl>
    </section>
  );
}

const none = <span className="text-zinc-400 dark:text-zinc-500">Not set</span>;

function ConnectionFacts({ feed }: { feed: FeedOut }) {
  const connection = useRestConnection(feed.connectionId);
  const c = connection.data;
  return (
    <>
      <Fact label="Connection">
        {feed.connectionName ? (
          <Link href={`/connections?q=${encodeURIComponent(feed.connectionName)}`} className="hover:underline">
            {feed.connectionName}
          </Link>
        ) : (
          none
        )}
      </Fact>
      {c ? (
        <>
          <Fact label="Authentication">{AUTH_TYPE_LABEL[c.authType]}</Fact>
          {c.authType === "custom" && c.authUrl ? (
            <Fact label="Authorization URL">
              <span className="font-mono text-xs break-all">{c.authUrl}</span>
            </Fact>
          ) : null}
          {c.authType === "basic" && c.username ? <Fact label="Username">{c.username}</Fact> : null}
          <Fact label="Last test">
            {c.lastTest ? (
              <Badge tone={c.lastTest.ok ? "success" : "danger"}>{c.lastTest.ok ? `OK, ${formatRelative(c.lastTest.at)}` : `Failed, ${formatRelative(c.lastTest.at)}`}</Badge>
            ) : (
              <span className="text-zinc-400 dark:text-zinc-500">Never tested</span>
            )}
          </Fact>
        </>
      ) : null}
    </>
  );
}

/** The four stages of the feed, each with an Edit link to its wizard step. */
export function FeedSummary({ feed, canEdit }: { feed: FeedOut; canEdit: boolean }) {
  const watchers = feed.watchers;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {feed.pausedReason ? (
        <p role="status" data-testid="paused-reason" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 lg:col-span-2 dark:border-amber-800/60 dark:bg-amber-950 dark:text-amber-200">
          {feed.pausedReason}
        </p>
      ) : null}
      <Stage feed={feed} step="connection" canEdit={canEdit}>
        <ConnectionFacts feed={feed} />
      </Stage>
      <Stage feed={feed} step="import" canEdit={canEdit}>
        <Fact label="Language">{LANGUAGE[feed.language]}</Fact>
        <Fact label="Dependencies">
          {feed.dependencies.length ? <span className="font-mono text-xs">{feed.dependencies.join(", ")}</span> : <span className="text-zinc-400 dark:text-zinc-500">None</span>}
        </Fact>
        <Fact label="Load type">{LOAD_TYPE[feed.loadType]}</Fact>
        <Fact label="Script">
          {feed.script ? <Badge tone={feed.scriptTested ? "success" : "warning"}>{feed.scriptTested ? "Tested" : "Not tested"}</Badge> : none}
        </Fact>
        {feed.script ? (
          <details className="group py-1.5 text-sm">
            <summary className="rounded text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">Show the script</summary>
            <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100 dark:bg-black/40">{feed.script}</pre>
          </details>
        ) : null}
      </Stage>
      <Stage feed={feed} step="destination" canEdit={canEdit}>
        <Fact label="Destinations">
          {feed.destinations.length ? feed.destinations.map((d) => DESTINATION_LABELS[d as DestinationType] ?? d).join(", ") : none}
        </Fact>
        <Fact label="Table">{feed.tableName ? <code className="font-mono text-xs">{feed.tableName}</code> : none}</Fact>
      </Stage>
      <Stage feed={feed} step="trigger" canEdit={canEdit}>
        <Fact label="Trigger">{feed.status === "draft" ? none : describeTrigger(feed.trigger)}</Fact>
        <Fact label="Next runs">
          {feed.nextRuns.length ? (
            <ol aria-label="Next runs" className="space-y-0.5">
              {feed.nextRuns.map((iso) => (
                <li key={iso}>
                  <time dateTime={iso} title={formatDue(iso)} className="tabular-nums">
                    {formatDateTime(iso)}
                  </time>
                </li>
              ))}
            </ol>
          ) : (
            <span className="text-zinc-400 dark:text-zinc-500">{feed.status === "paused" ? "None while paused" : "None scheduled"}</span>
          )}
        </Fact>
        <Fact label="Watchers">
          {watchers.length ? (
            <ul className="space-y-0.5">
              {watchers.map((w) => (
                <li key={w.url} className="truncate font-mono text-xs" title={w.url}>
                  {w.url} <span className="font-sans text-zinc-500">({[w.onSuccess && "success", w.onFailure && "failure"].filter(Boolean).join(", ") || "never"})</span>
                </li>
              ))}
            </ul>
          ) : (
            <span className="text-zinc-400 dark:text-zinc-500">None</span>
          )}
        </Fact>
      </Stage>
    </div>
  );
}
