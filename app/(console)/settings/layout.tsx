import type { ReactNode } from "react";
import { SettingsTabs, type SettingsTab } from "@/components/console/settings-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";

const TABS: Array<SettingsTab & { adminOnly?: boolean }> = [
  { href: "/settings/general", label: "General", adminOnly: true },
  { href: "/settings/warehouse", label: "Warehouse", adminOnly: true },
  { href: "/settings/network", label: "Network", adminOnly: true },
  { href: "/settings/provisioning", label: "Provisioning", adminOnly: true },
  { href: "/settings/users", label: "Users", adminOnly: true },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/import", label: "Import/Export" },
  { href: "/settings/audit", label: "Audit log", adminOnly: true },
  { href: "/settings/account", label: "Account" },
];

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser("viewer");
  // Hiding is a courtesy; each admin page checks the role itself.
  const tabs = TABS.filter((tab) => !tab.adminOnly || user.role === "admin").map(({ href, label }) => ({ href, label }));

  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="Your workspace, the people in it, their access and what they did." />
      <SettingsTabs tabs={tabs} />
      <div>{children}</div>
    </div>
  );
}
