import type { Metadata } from "next";
import { SectionHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { sandboxStatus } from "@/lib/runners/sandbox/status";
import { getNetworkSettings, getRunSettings } from "@/lib/settings/service";
import { InForcePanel } from "./in-force-panel";
import { NetworkRulesForm } from "./network-rules-form";
import { RunLimitsForm } from "./run-limits-form";
import { SandboxStatusBanner } from "./sandbox-status-banner";

export const metadata: Metadata = { title: "Network" };

export default async function NetworkSettingsPage() {
  await requirePageUser("admin");
  const network = await getNetworkSettings();
  const { mode, tool, reason, unsafeRequested } = sandboxStatus();
  return (
    <div className="space-y-10">
      <section>
        <SandboxStatusBanner status={{ mode, tool, reason, unsafeRequested }} />
        <SectionHeader
          title="Network"
          description="Where the server and fetch scripts may connect. Every outbound connection (Custom Auth, connection and database tests, drivers, SSH tunnels, watchers, pip and the scripts' proxy) is checked against these rules. Changes apply to the next connection and are audited."
        />
        <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
          <NetworkRulesForm initial={network} />
          <InForcePanel settings={network} />
        </div>
      </section>
      <section>
        <SectionHeader title="Script runs" description="How many test runs may execute at once. Test runs start right away for someone watching; these limits keep a few people from taking the whole server." />
        <div className="max-w-3xl">
          <RunLimitsForm initial={await getRunSettings()} />
        </div>
      </section>
    </div>
  );
}
