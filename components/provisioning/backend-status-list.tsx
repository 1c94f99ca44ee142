import { Badge } from "@/components/ui/badge";
import { BACKEND_LABELS } from "@/lib/provisioning/backends";
import type { BackendStatus } from "@/lib/provisioning/schemas";

/** Each provisioning backend: configured or not, from where, its target, and what stops it. */
export function BackendStatusList({ backends }: { backends: BackendStatus[] }) {
  return (
    <ul aria-label="Backends" className="grid gap-3 sm:grid-cols-2">
      {backends.map((b) => (
        <li key={b.backend} data-testid={`backend-${b.backend}`} className="rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          <div className="flex items-center justify-between gap-2">
            <span className="font-medium">
              {BACKEND_LABELS[b.backend]} <code className="font-mono text-xs text-zinc-500">{b.backend}</code>
            </span>
            <Badge tone={!b.configured ? "neutral" : b.problem ? "warning" : "success"}>{!b.configured ? "Not configured" : b.problem ? "Configured, unavailable" : "Ready"}</Badge>
          </div>
          {b.target ? <p className="mt-1 font-mono text-xs text-zinc-600 dark:text-zinc-400">{b.target}</p> : null}
          {b.source ? <p className="mt-1 text-xs text-zinc-500">From {b.source === "settings" ? "Settings -> Provisioning" : "the environment"}</p> : null}
          {b.problem ? <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">{b.problem}</p> : null}
        </li>
      ))}
    </ul>
  );
}
