import type { Metadata } from "next";
import { BackendStatusList } from "@/components/provisioning/backend-status-list";
import { SectionHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { getProvisioningSettings } from "@/lib/provisioning/config";
import { ProvisioningSettingsForm } from "./provisioning-settings-form";

export const metadata: Metadata = { title: "Provisioning settings" };

export default async function ProvisioningSettingsPage() {
  await requirePageUser("admin");
  const { backends, ...saved } = await getProvisioningSettings();
  return (
    <section className="space-y-6">
      <SectionHeader
        title="Provisioning"
        description="The administrative connections the Keboola-compatible Provisioning API (/provisioning) uses to create sandboxes. An empty field falls back to the environment (PROVISIONING_MYSQL_URL, PROVISIONING_REDSHIFT_URL, PROVISIONING_SNOWFLAKE_*, DOCKER_HOST)."
      />
      <BackendStatusList backends={backends} />
      <ProvisioningSettingsForm initial={saved} />
    </section>
  );
}
