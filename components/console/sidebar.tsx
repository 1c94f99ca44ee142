import { LogoIcon } from "@/components/ui/icons";
import type { Role } from "@/lib/auth/roles";
import { SidebarNav } from "./sidebar-nav";

/** The workspace's name and the main navigation: the desktop sidebar and the mobile drawer show the same. */
export function SidebarContent({ workspaceName, role }: { workspaceName: string; role: Role }) {
  return (
    <>
      <div className="flex h-14 shrink-0 items-center gap-2.5 border-b border-zinc-200 px-4 dark:border-zinc-800">
        <span className="flex size-7 shrink-0 items-center justify-center rounded-lg bg-accent-600 text-white dark:bg-accent-500">
          <LogoIcon className="size-4" />
        </span>
        <span className="truncate text-sm font-semibold" title={workspaceName} data-testid="workspace-name">
          {workspaceName}
        </span>
      </div>
      <SidebarNav role={role} />
    </>
  );
}
