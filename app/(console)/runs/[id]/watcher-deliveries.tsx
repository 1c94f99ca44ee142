import { StepSection } from "@/components/feeds/wizard/step-section";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";

type Delivery = { url?: string; event?: string; ok?: boolean; status?: number | null; attempts?: number; error?: string | null; at?: string };

/** What each watcher was told about this run, and whether it got it. */
export function WatcherDeliveries({ notifications, finished }: { notifications: Record<string, unknown>[] | null; finished: boolean }) {
  const deliveries = (notifications ?? []) as Delivery[];
  return (
    <StepSection title="Watcher deliveries" description="The feed's watchers are POSTed the outcome when a run ends, with up to 3 attempts.">
      {deliveries.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{finished ? "No watcher was notified about this run." : "Watchers are notified when the run ends."}</p>
      ) : (
        <Table aria-label="Watcher deliveries">
          <THead>
            <tr>
              <Th>URL</Th>
              <Th>Event</Th>
              <Th>Result</Th>
              <Th>Attempts</Th>
              <Th>At</Th>
            </tr>
          </THead>
          <TBody>
            {deliveries.map((d, i) => (
              <Tr key={`${d.url}-${i}`}>
                <Td className="max-w-72 truncate font-mono text-xs" title={d.url}>
                  {d.url}
                </Td>
                <Td className="font-mono text-xs">{d.event}</Td>
                <Td>
                  <Badge tone={d.ok ? "success" : "danger"}>{d.ok ? `Delivered${d.status ? ` (${d.status})` : ""}` : `Failed: ${d.error ?? d.status ?? "unknown"}`}</Badge>
                </Td>
                <Td className="tabular-nums">{d.attempts ?? "—"}</Td>
                <Td className="whitespace-nowrap">{formatDateTime(d.at)}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </StepSection>
  );
}
