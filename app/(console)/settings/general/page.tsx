import type { Metadata } from "next";
import { SectionHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { sandboxStatus } from "@/lib/runners/sandbox/status";
import { getGeneralSettings } from "@/lib/settings/service";
import { SandboxStatusBanner } from "../network/sandbox-status-banner";
import { GeneralSettingsForm } from "./general-settings-form";

export const metadata: Metadata = { title: "General settings" };

export default async function GeneralSettingsPage() {
  await requirePageUser("admin");
  const { mode, tool, reason, unsafeRequested } = sandboxStatus();
  return (
    <section>
      <SandboxStatusBanner status={{ mode, tool, reason, unsafeRequested }} />
      <SectionHeader title="General" description="Settings that apply to the whole workspace." />
      <GeneralSettingsForm initial={await getGeneralSettings()} />
    </section>
  );
}
