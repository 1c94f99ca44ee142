import type { ReactNode } from "react";
import { cn } from "./cn";
import { CheckCircleIcon, XCircleIcon } from "./icons";

/** A success or failure box with an icon and a headline: the frame of every "Test" result. */
export function ResultCard({ ok, title, testId, className, children, footer }: { ok: boolean; title: ReactNode; testId: string; className?: string; children?: ReactNode; footer?: ReactNode }) {
  const Icon = ok ? CheckCircleIcon : XCircleIcon;
  return (
    <div
      data-testid={testId}
      data-ok={ok}
      className={cn(
        "rounded-lg border p-3 text-sm",
        ok ? "border-emerald-200 bg-emerald-50/70 dark:border-emerald-900/60 dark:bg-emerald-950/30" : "border-red-200 bg-red-50/70 dark:border-red-900/60 dark:bg-red-950/30",
        className,
      )}
    >
      <div className="flex items-start gap-2.5">
        <Icon className={cn("mt-0.5 size-4 shrink-0", ok ? "text-emerald-600 dark:text-emerald-400" : "text-red-600 dark:text-red-400")} />
        <div className="min-w-0 flex-1 space-y-0.5">
          <p className={cn("font-medium", ok ? "text-emerald-900 dark:text-emerald-200" : "text-red-900 dark:text-red-200")}>{title}</p>
          {children}
        </div>
      </div>
      {footer}
    </div>
  );
}
