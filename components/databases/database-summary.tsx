import type { ReactNode } from "react";
import { LastTestBadge } from "@/components/connections/last-test-badge";
import { cn } from "@/components/ui/cn";
import { formatDate, formatDateTime } from "@/components/ui/format";
import type { DatabaseConnectionOut } from "@/lib/databases/native-schemas";
import { SOURCE_LABEL, dialectLabel } from "./dialects";

function Fact({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={cn("min-w-0", className)}>
      <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 truncate text-sm text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

const none = <span className="text-zinc-400 dark:text-zinc-500">—</span>;

/** What the connection points at, how it was made and how its last test went. */
export function DatabaseSummary({ connection: d }: { connection: DatabaseConnectionOut }) {
  const ssh = d.ssh;
  return (
    <section aria-label="Connection details" className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-5 lg:grid-cols-4">
        <Fact label="Dialect">{dialectLabel(d.dialect)}</Fact>
        {d.file ? (
          <Fact label="Database file" className="col-span-1 lg:col-span-3">
            <span className="font-mono text-[13px]" title={d.file}>
              {d.file}
            </span>
          </Fact>
        ) : (
          <>
            <Fact label="Host">
              <span className="font-mono text-[13px]" title={d.host ?? undefined}>
                {d.host ? `${d.host}${d.port ? `:${d.port}` : ""}` : none}
              </span>
            </Fact>
            <Fact label="Database">{d.database ?? none}</Fact>
            <Fact label="User">{d.user ?? none}</Fact>
          </>
        )}
        {d.schema ? <Fact label="Schema">{d.schema}</Fact> : null}
        <Fact label="SSH tunnel">
          {ssh ? (
            <span title={`${ssh.username}@${ssh.host}:${ssh.port}`}>
              {ssh.username}@{ssh.host}:{ssh.port}
              <span className="text-zinc-500 dark:text-zinc-400">{ssh.hasPrivateKey ? " · key" : ssh.hasPassword ? " · password" : ""}</span>
            </span>
          ) : (
            <span className="text-zinc-500 dark:text-zinc-400">Off</span>
          )}
        </Fact>
        <Fact label="Made through">
          <span title={`Created ${formatDateTime(d.createdAt)}`}>
            {SOURCE_LABEL[d.source] ?? d.source}
            <span className="text-zinc-500 dark:text-zinc-400"> · {formatDate(d.createdAt)}</span>
          </span>
        </Fact>
        <div className="min-w-0">
          <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Last test</dt>
          <dd className="mt-1">
            <LastTestBadge lastTest={d.lastTest} />
          </dd>
        </div>
        <div className="col-span-2 min-w-0 lg:col-span-4">
          <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Connection URI, password hidden</dt>
          <dd className="mt-1 rounded-md bg-zinc-50 px-3 py-2 font-mono text-[13px] break-all text-zinc-800 dark:bg-zinc-950/60 dark:text-zinc-200" data-testid="database-uri">
            {d.uri}
          </dd>
        </div>
      </dl>
    </section>
  );
}
