import type { ReactNode } from "react";

type HeaderProps = { title: string; description?: ReactNode; actions?: ReactNode };

/** The <h1> of a page. */
export function PageHeader({ title, description, actions }: HeaderProps) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0 space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="text-sm text-zinc-500 dark:text-zinc-400">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}

/** The <h2> of a section inside a page, with optional actions on the right. */
export function SectionHeader({ title, description, actions }: HeaderProps) {
  return (
    <div className="mb-5 flex items-start justify-between gap-6">
      <div className="min-w-0 flex-1 space-y-1">
        <h2 className="text-lg font-semibold tracking-tight">{title}</h2>
        {description ? <p className="max-w-2xl text-sm text-zinc-500 dark:text-zinc-400">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}
