import type { ReactNode } from "react";
import { MobileNav } from "@/components/console/mobile-nav";
import { SidebarContent } from "@/components/console/sidebar";
import { SignOutButton } from "@/components/console/sign-out-button";
import { RoleBadge } from "@/components/ui/role-badge";
import { requirePageUser } from "@/lib/auth/session";
import { getGeneralSettings } from "@/lib/settings/service";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser("viewer");
  const { workspaceName } = await getGeneralSettings();
  const sidebar = <SidebarContent workspaceName={workspaceName} role={user.role} />;

  return (
    <div className="flex min-h-dvh">
      {/* The column stretches to the page's full height (its background with it); the content inside stays in view. */}
      <aside className="hidden w-56 shrink-0 border-r border-zinc-200 bg-zinc-100/60 lg:block xl:w-60 dark:border-zinc-800 dark:bg-zinc-900/40">
        <div className="sticky top-0 flex h-dvh flex-col overflow-y-auto">{sidebar}</div>
      </aside>

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 shrink-0 items-center gap-3 border-b border-zinc-200 bg-white px-4 sm:px-6 dark:border-zinc-800 dark:bg-zinc-950">
          <MobileNav>
            {sidebar}
            <p className="truncate border-t border-zinc-200 px-4 py-3 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
              Signed in as {user.email}
            </p>
          </MobileNav>
          <span className="min-w-0 flex-1 truncate text-sm font-semibold lg:hidden" title={workspaceName}>
            {workspaceName}
          </span>
          <span className="ml-auto hidden min-w-0 truncate text-sm text-zinc-700 sm:block dark:text-zinc-300" title={user.name ?? undefined}>
            {user.email}
          </span>
          <RoleBadge role={user.role} />
          <span className="h-5 w-px bg-zinc-200 dark:bg-zinc-800" aria-hidden />
          <SignOutButton />
        </header>
        <main className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:py-8 xl:px-8">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
