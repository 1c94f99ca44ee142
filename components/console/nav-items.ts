import type { Role } from "@/lib/auth/roles";

export type NavIcon = "home" | "connections" | "databases" | "feeds" | "settings";

export type NavItem = {
  href: string;
  label: string;
  icon: NavIcon;
  /** Hidden from users below this role (the pages enforce it too). */
  minRole?: Role;
};

// The console's main sections, in sidebar order. Add an entry here when a section ships.
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Home", icon: "home" },
  { href: "/connections", label: "Connections", icon: "connections" },
  { href: "/databases", label: "Databases", icon: "databases" },
  { href: "/feeds", label: "Feeds", icon: "feeds" },
  // Keboola-style sandboxes; not /provisioning, which is the Keboola-compatible API itself.
  { href: "/sandboxes", label: "Provisioning", icon: "databases", minRole: "editor" },
  { href: "/settings", label: "Settings", icon: "settings" },
];
