import type { Metadata } from "next";
import { SectionHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { getGeneralSettings } from "@/lib/settings/service";
import { GeneralSettingsForm } from "./general-settings-form";

export const metadata: Metadata = { title: "General settings" };

export default async function GeneralSettingsPage() {
  await requirePageUser("admin");
  return (
    <section>
      <SectionHeader title="General" description="Settings that apply to the whole workspace." />
      <GeneralSettingsForm initial={getGeneralSettings()} />
    </section>
  );
}
