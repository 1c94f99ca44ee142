"use client";

import { toast } from "sonner";
import { connectionDetailLabel, KIND_LABEL, testCodeLabel } from "@/components/connections/connection-labels";
import { LastTestBadge } from "@/components/connections/last-test-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDate } from "@/components/ui/format";
import { Td, Tr } from "@/components/ui/table";
import { errorMessage } from "@/lib/api-client";
import { useTestConnection, type ConnectionSummary } from "@/lib/connections/queries";

type Props = {
  connection: ConnectionSummary;
  canEdit: boolean;
  /** This row's connection is loading for the edit dialog. */
  opening: boolean;
  onEdit: () => void;
  onDelete: () => void;
};

function usedBy(n: number) {
  if (n === 0) return <span className="text-zinc-400 dark:text-zinc-500">No feeds</span>;
  return `${n} ${n === 1 ? "feed" : "feeds"}`;
}

export function ConnectionRow({ connection: c, canEdit, opening, onEdit, onDelete }: Props) {
  const test = useTestConnection();
  // Only Custom Auth makes a request of its own; No Auth and Basic Auth have nothing to try.
  const testable = c.kind === "rest" && c.detail === "custom";

  const runTest = () =>
    test.mutate(
      { id: c.id },
      {
        onSuccess: (r) => {
          if (r.ok) toast.success(`${c.name}: authorization succeeded`, { description: [r.status && `HTTP ${r.status}`, r.timeMs !== null && `${Math.round(r.timeMs)} ms`].filter(Boolean).join(" · ") });
          else toast.error(`${c.name}: ${testCodeLabel(r.code)}`, { description: r.message });
        },
        onError: (error) => toast.error(errorMessage(error)),
      },
    );

  return (
    <Tr data-testid="connection-row" data-connection-id={c.id}>
      <Td className="max-w-64 truncate font-medium" title={c.name}>
        {c.name}
      </Td>
      <Td>
        <Badge tone={c.kind === "rest" ? "accent" : "neutral"}>{KIND_LABEL[c.kind]}</Badge>
      </Td>
      <Td className="whitespace-nowrap text-zinc-700 dark:text-zinc-300">{connectionDetailLabel(c.kind, c.detail)}</Td>
      <Td>
        <LastTestBadge lastTest={c.lastTest} />
      </Td>
      <Td className="whitespace-nowrap">{usedBy(c.usedByFeeds)}</Td>
      <Td className="hidden whitespace-nowrap text-zinc-500 xl:table-cell dark:text-zinc-400">{formatDate(c.createdAt)}</Td>
      {canEdit ? (
        <Td>
          {c.kind === "rest" ? (
            <div className="flex justify-end gap-1">
              {testable ? (
                <Button variant="ghost" size="sm" onClick={runTest} loading={test.isPending}>
                  Test<span className="sr-only"> {c.name}</span>
                </Button>
              ) : null}
              <Button variant="ghost" size="sm" onClick={onEdit} loading={opening}>
                Edit<span className="sr-only"> {c.name}</span>
              </Button>
              <Button variant="ghostDanger" size="sm" onClick={onDelete}>
                Delete<span className="sr-only"> {c.name}</span>
              </Button>
            </div>
          ) : (
            <p className="text-right text-xs whitespace-nowrap text-zinc-400 dark:text-zinc-500" title="Druid and database connections are managed through their APIs for now.">
              Managed by API
            </p>
          )}
        </Td>
      ) : null}
    </Tr>
  );
}
