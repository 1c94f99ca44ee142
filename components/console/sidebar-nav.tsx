"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { DatabasesNavIcon, FeedIcon, HomeIcon, PlugIcon, SettingsIcon } from "@/components/ui/icons";
import { hasRole, type Role } from "@/lib/auth/roles";
import { NAV_ITEMS, type NavIcon } from "./nav-items";

const ICONS: Record<NavIcon, typeof HomeIcon> = {
  home: HomeIcon,
  connections: PlugIcon,
  databases: DatabasesNavIcon,
  feeds: FeedIcon,
  settings: SettingsIcon,
};

export function isActivePath(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function SidebarNav({ role }: { role: Role }) {
  const pathname = usePathname();
  const items = NAV_ITEMS.filter((item) => !item.minRole || hasRole(role, item.minRole));
  return (
    <nav aria-label="Main" className="flex-1 px-3 py-4">
      <ul className="space-y-0.5">
        {items.map((item) => {
          const active = isActivePath(pathname, item.href);
          const Icon = ICONS[item.icon];
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium transition-colors",
                  active
                    ? "bg-zinc-200/70 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50"
                    : "text-zinc-600 hover:bg-zinc-200/40 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100",
                )}
              >
                <Icon className={cn("size-4", active ? "text-accent-600 dark:text-accent-400" : "")} />
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
