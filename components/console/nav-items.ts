import type { Role } from "@/lib/auth/roles";

export type NavIcon = "settings";

export type NavItem = {
  href: string;
  label: string;
  icon: NavIcon;
  /** Hidden from users below this role (the pages enforce it too). */
  minRole?: Role;
};

// The console's main sections, in sidebar order. Add an entry here when a section ships.
export const NAV_ITEMS: NavItem[] = [{ href: "/settings", label: "Settings", icon: "settings" }];
