import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { WizardHeader } from "@/components/feeds/wizard/wizard-header";
import { WizardStepper } from "@/components/feeds/wizard/stepper";
import { requirePageUser } from "@/lib/auth/session";
import { loadFeed } from "../../load-feed";

export default async function FeedWizardLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  await requirePageUser("editor");
  const feed = await loadFeed((await params).id);
  // A provisioned feed is read-only here (its PROVISIONING_DIR file declares it): no wizard whose
  // every save the server would refuse; its page names the file.
  if (feed.provisionedFrom) redirect(`/feeds/${feed.id}`);
  return (
    <div className="space-y-6">
      <WizardHeader feed={feed} />
      <WizardStepper feed={feed} />
      {children}
    </div>
  );
}
