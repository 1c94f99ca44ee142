import { Badge } from "@/components/ui/badge";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import type { ConnectionSummary } from "@/lib/connections/queries";
import { testCodeLabel } from "./connection-labels";

/** A connection's last test: OK or the failure in words, and how long ago. */
export function LastTestBadge({ lastTest }: { lastTest: ConnectionSummary["lastTest"] }) {
  if (!lastTest) return <span className="text-zinc-400 dark:text-zinc-500">Never tested</span>;
  return (
    <div className="flex flex-col items-start gap-0.5" title={`${lastTest.message}\n${formatDateTime(lastTest.at)}`}>
      <Badge tone={lastTest.ok ? "success" : "danger"}>{lastTest.ok ? "OK" : testCodeLabel(lastTest.code)}</Badge>
      <time dateTime={lastTest.at} className="text-xs text-zinc-500 dark:text-zinc-400">
        {formatRelative(lastTest.at)}
      </time>
    </div>
  );
}
