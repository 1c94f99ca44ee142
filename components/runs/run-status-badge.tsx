import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/spinner";

const TONE: Record<string, BadgeTone> = { queued: "neutral", running: "accent", succeeded: "success", failed: "danger", cancelled: "warning" };
const LABEL: Record<string, string> = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed", cancelled: "Cancelled" };

/** The run's status; a run that committed to some of its destinations only also says "Partially loaded". */
export function RunStatusBadge({ status, partiallyLoaded = false }: { status: string; partiallyLoaded?: boolean }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Badge tone={TONE[status] ?? "neutral"} className="gap-1">
        {status === "running" ? <Spinner className="size-3" /> : null}
        {LABEL[status] ?? status}
      </Badge>
      {partiallyLoaded ? <Badge tone="warning">Partially loaded</Badge> : null}
    </span>
  );
}

const TRIGGERS: Record<string, string> = { manual: "Manual", schedule: "Schedule", webhook: "Webhook", once: "Run once", api: "API", retry: "Retry" };

export function triggerLabel(trigger: string): string {
  return TRIGGERS[trigger] ?? trigger;
}

/** "850 ms", "12.4 s", "3 min 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes < 60 ? `${minutes} min ${seconds} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const number = new Intl.NumberFormat();
export const formatCount = (n: number) => number.format(n);

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
