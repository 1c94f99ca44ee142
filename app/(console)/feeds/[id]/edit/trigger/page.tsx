import type { Metadata } from "next";
import { loadWizardFeed } from "../../../load-feed";
import { TriggerStep } from "./trigger-step";

export const metadata: Metadata = { title: "Trigger · Feed setup" };

export default async function TriggerStepPage({ params }: { params: Promise<{ id: string }> }) {
  const feed = await loadWizardFeed((await params).id, "trigger");
  return <TriggerStep initialFeed={feed} />;
}
