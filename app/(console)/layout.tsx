import type { ReactNode } from "react";
import { SidebarNav } from "@/components/console/sidebar-nav";
import { SignOutButton } from "@/components/console/sign-out-button";
import { LogoIcon } from "@/components/ui/icons";
import { RoleBadge } from "@/components/ui/role-badge";
import { requirePageUser } from "@/lib/auth/session";
import { getGeneralSettings } from "@/lib/settings/service";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser("viewer");
  const { workspaceName } = getGeneralSettings();

  return (
    <div className="flex min-h-dvh">
      <aside className="sticky top-0 flex h-dvh w-56 shrink-0 xl:w-60 flex-col border-r border-zinc-200 bg-zinc-100/60 dark:border-zinc-800 dark:bg-zinc-900/40">
        <div className="flex h-14 items-center gap-2.5 border-b border-zinc-200 px-4 dark:border-zinc-800">
          <span className="flex size-7 shrink-0 items-center justify-center rounded-lg bg-accent-600 text-white dark:bg-accent-500">
            <LogoIcon className="size-4" />
          </span>
          <span className="truncate text-sm font-semibold" title={workspaceName} data-testid="workspace-name">
            {workspaceName}
          </span>
        </div>
        <SidebarNav role={user.role} />
      </aside>

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 shrink-0 items-center justify-end gap-3 border-b border-zinc-200 bg-white px-6 dark:border-zinc-800 dark:bg-zinc-950">
          <span className="truncate text-sm text-zinc-700 dark:text-zinc-300" title={user.name ?? undefined}>
            {user.email}
          </span>
          <RoleBadge role={user.role} />
          <span className="h-5 w-px bg-zinc-200 dark:bg-zinc-800" aria-hidden />
          <SignOutButton />
        </header>
        <main className="flex-1 px-6 py-8 xl:px-8">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
