"use client";

import Link from "next/link";
import { toast } from "@/components/ui/toast";
import { connectionDetailLabel, KIND_LABEL, testCodeLabel } from "@/components/connections/connection-labels";
import { LastTestBadge } from "@/components/connections/last-test-badge";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { formatDate } from "@/components/ui/format";
import { Td, Tr } from "@/components/ui/table";
import { errorMessage } from "@/lib/api-client";
import { useTestConnection, type ConnectionSummary } from "@/lib/connections/queries";

type Props = {
  connection: ConnectionSummary;
  canEdit: boolean;
  /** A Druid connection fixed by the server's CONNECTIONS_FILE: it can be viewed and tested, not changed. */
  fixed?: boolean;
  /** This row's connection is loading for the edit dialog. */
  opening: boolean;
  onEdit: () => void;
  onDelete: () => void;
};

function usedBy(n: number) {
  if (n === 0) return <span className="text-zinc-400 dark:text-zinc-500">No feeds</span>;
  return `${n} ${n === 1 ? "feed" : "feeds"}`;
}

export function ConnectionRow({ connection: c, canEdit, fixed = false, opening, onEdit, onDelete }: Props) {
  const test = useTestConnection();
  // Custom Auth, the session token's login and OAuth 2.0's token request call out, and Druid asks
  // its hosts for /status; No Auth and Basic Auth have nothing to try. A provisioned connection is
  // tested too (the server allows it: a test changes nothing its file declares).
  const testable = (c.kind === "rest" && ["custom", "sessionToken", "oauth2"].includes(c.detail)) || c.kind === "druid";

  const runTest = () =>
    test.mutate(
      { id: c.id },
      {
        onSuccess: (r) => {
          if (r.ok && c.kind === "druid") toast.success(`${c.name}: ${r.message}`, { description: r.timeMs !== null ? `${Math.round(r.timeMs)} ms` : undefined });
          else if (r.ok) toast.success(`${c.name}: authorization succeeded`, { description: [r.status && `HTTP ${r.status}`, r.timeMs !== null && `${Math.round(r.timeMs)} ms`].filter(Boolean).join(" · ") });
          else toast.error(`${c.name}: ${testCodeLabel(r.code)}`, { description: r.message });
        },
        onError: (error) => toast.error(errorMessage(error)),
      },
    );

  const testButton = testable ? (
    <Button variant="ghost" size="sm" onClick={runTest} loading={test.isPending}>
      Test<span className="sr-only"> {c.name}</span>
    </Button>
  ) : null;

  return (
    <Tr data-testid="connection-row" data-connection-id={c.id}>
      <Td className="max-w-64 truncate font-medium" title={c.name}>
        {c.kind === "database" ? (
          <Link href={`/databases/${c.id}`} className="hover:text-accent-700 hover:underline dark:hover:text-accent-300">
            {c.name}
          </Link>
        ) : (
          c.name
        )}
      </Td>
      <Td>
        <Badge tone={c.kind === "rest" ? "accent" : "neutral"}>{KIND_LABEL[c.kind]}</Badge>
        {c.provisionedFrom ? (
          <span className="ml-1" title={`Read-only: declared in ${c.provisionedFrom} (PROVISIONING_DIR); change that file instead`}>
            <Badge tone="warning">Provisioned</Badge>
          </span>
        ) : null}
      </Td>
      <Td className="whitespace-nowrap text-zinc-700 dark:text-zinc-300">{connectionDetailLabel(c.kind, c.detail)}</Td>
      <Td>
        <LastTestBadge lastTest={c.lastTest} />
      </Td>
      <Td className="whitespace-nowrap">{usedBy(c.usedByFeeds)}</Td>
      <Td className="hidden whitespace-nowrap text-zinc-500 xl:table-cell dark:text-zinc-400">{formatDate(c.createdAt)}</Td>
      {canEdit ? (
        <Td>
          {c.provisionedFrom && c.kind !== "database" ? (
            <div className="flex justify-end gap-1">
              {testButton}
              <Button variant="ghost" size="sm" disabled title={`Declared in ${c.provisionedFrom} (PROVISIONING_DIR): edit that file instead`}>
                Read-only<span className="sr-only"> {c.name}: declared in {c.provisionedFrom}</span>
              </Button>
            </div>
          ) : c.kind === "database" ? (
            <div className="flex justify-end">
              <Link href={`/databases/${c.id}`} className={buttonClasses("ghost", "sm")}>
                Open<span className="sr-only"> {c.name}</span>
              </Link>
            </div>
          ) : (
            <div className="flex justify-end gap-1">
              {testButton}
              <Button variant="ghost" size="sm" onClick={onEdit} loading={opening}>
                {fixed ? "View" : "Edit"}
                <span className="sr-only"> {c.name}</span>
              </Button>
              {fixed ? null : (
                <Button variant="ghostDanger" size="sm" onClick={onDelete}>
                  Delete<span className="sr-only"> {c.name}</span>
                </Button>
              )}
            </div>
          )}
        </Td>
      ) : null}
    </Tr>
  );
}
