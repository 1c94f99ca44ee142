import type { Metadata } from "next";
import Link from "next/link";
import { RunStatusBadge, formatCount, triggerLabel } from "@/components/runs/run-status-badge";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { requirePageUser } from "@/lib/auth/session";
import { nextStep } from "@/lib/home/next-step";
import { getHomeSummary } from "@/lib/home/service";
import type { HomeSettings } from "@/lib/home/types";

export const metadata: Metadata = { title: "Home" };

const feedLabel = (name: string | null, id: number) => name ?? `Untitled draft #${id}`;
const linkClass = "font-medium text-accent-700 hover:underline dark:text-accent-300";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="space-y-3">
      <h2 className="text-base font-semibold tracking-tight">{title}</h2>
      {children}
    </section>
  );
}

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
      {formatRelative(iso)}
    </time>
  );
}

function SettingsState({ settings }: { settings: HomeSettings }) {
  const { warehouse, network } = settings;
  const yesNo = (v: boolean) => (v ? "allowed" : "refused");
  return (
    <Section title="Workspace settings">
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="rounded-lg border border-zinc-200 bg-white p-4 text-sm shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="home-warehouse">
          <p className="font-medium">Warehouse: {warehouse.label}</p>
          <p className="mt-1 break-all text-zinc-500 dark:text-zinc-400">{warehouse.where ?? "In this server's data folder"}</p>
          <Link href="/settings/warehouse" className={`mt-2 inline-block ${linkClass}`}>
            Warehouse settings
          </Link>
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-4 text-sm shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="home-network">
          <p className="font-medium">Network</p>
          <p className="mt-1 text-zinc-500 dark:text-zinc-400">
            Private ranges: {yesNo(network.scriptsMayReachPrivate)} for scripts, {yesNo(network.serverMayReachPrivate)} for the server. {network.allowRules} allow and{" "}
            {network.denyRules} deny rules.
          </p>
          <Link href="/settings/network" className={`mt-2 inline-block ${linkClass}`}>
            Network settings
          </Link>
        </div>
      </div>
    </Section>
  );
}

export default async function HomePage() {
  const user = await requirePageUser("viewer");
  const summary = await getHomeSummary(user.role);
  const step = nextStep(summary, user.role);
  const attention = summary.failing.length + summary.paused.length;

  return (
    <div className="space-y-8">
      <PageHeader
        title="Home"
        description="Switchyard fetches data from REST APIs and databases with your Python or JavaScript scripts, on a schedule, a webhook or by hand, and loads it into your warehouse."
      />

      <section
        aria-label="Next step"
        data-testid="next-step"
        data-kind={step.kind}
        className="rounded-lg border border-accent-100 bg-accent-50/60 p-5 dark:border-accent-700/50 dark:bg-accent-950/40"
      >
        <p className="text-xs font-medium tracking-wide text-accent-700 uppercase dark:text-accent-300">Next step</p>
        <h2 className="mt-1 text-lg font-semibold">{step.title}</h2>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-300">{step.description}</p>
        {step.action ? (
          <Link href={step.action.href} className={`mt-4 ${buttonClasses("primary")}`}>
            {step.action.label}
          </Link>
        ) : null}
      </section>

      <Section title="Recent runs">
        {summary.recentRuns.length === 0 ? (
          <p className="rounded-md border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
            No load runs yet. They appear here when a feed&apos;s trigger fires or someone presses Run now.
          </p>
        ) : (
          <Table aria-label="Recent runs">
            <THead>
              <tr>
                <Th>Feed</Th>
                <Th>Health</Th>
                <Th>Trigger</Th>
                <Th>Loaded</Th>
                <Th>When</Th>
              </tr>
            </THead>
            <TBody>
              {summary.recentRuns.map((run) => (
                <Tr key={run.id}>
                  <Td>
                    <Link href={`/runs/${run.id}`} className={linkClass}>
                      {feedLabel(run.feedName, run.feedId)} #{run.id}
                    </Link>
                  </Td>
                  <Td>
                    <RunStatusBadge status={run.status} partiallyLoaded={run.partiallyLoaded} />
                  </Td>
                  <Td className="whitespace-nowrap">{triggerLabel(run.trigger)}</Td>
                  <Td className="tabular-nums">{formatCount(run.recordsLoaded)}</Td>
                  <Td>
                    <When iso={run.at} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Section>

      <Section title="Feeds failing or paused">
        {attention === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No feed is failing or paused.</p>
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white text-sm shadow-sm dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
            {summary.failing.map((f) => (
              <li key={`failing-${f.feedId}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
                <Link href={`/feeds/${f.feedId}`} className={linkClass}>
                  {feedLabel(f.feedName, f.feedId)}
                </Link>
                <Badge tone="danger">Last run failed</Badge>
                <span className="min-w-0 flex-1 truncate text-zinc-500 dark:text-zinc-400" title={f.run.error ?? undefined}>
                  {f.run.error ?? ""}
                </span>
                <Link href={`/runs/${f.run.id}`} className={linkClass}>
                  Run #{f.run.id}
                </Link>
                <When iso={f.run.at} />
              </li>
            ))}
            {summary.paused.map((f) => (
              <li key={`paused-${f.feedId}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
                <Link href={`/feeds/${f.feedId}`} className={linkClass}>
                  {feedLabel(f.feedName, f.feedId)}
                </Link>
                <Badge tone="warning">Paused</Badge>
                <span className="min-w-0 flex-1 text-zinc-500 dark:text-zinc-400">{f.pausedReason ?? "Paused by a person; Resume on the feed's page starts it again."}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      {summary.settings ? <SettingsState settings={summary.settings} /> : null}
    </div>
  );
}
