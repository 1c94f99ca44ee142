import type { ReactNode } from "react";
import { WizardHeader } from "@/components/feeds/wizard/wizard-header";
import { WizardStepper } from "@/components/feeds/wizard/stepper";
import { requirePageUser } from "@/lib/auth/session";
import { loadFeed } from "../../load-feed";

export default async function FeedWizardLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  await requirePageUser("editor");
  const feed = loadFeed((await params).id);
  return (
    <div className="space-y-6">
      <WizardHeader feed={feed} />
      <WizardStepper feed={feed} />
      {children}
    </div>
  );
}
