import type { Metadata } from "next";
import { loadWizardFeed } from "../../../load-feed";
import { DestinationStep } from "./destination-step";

export const metadata: Metadata = { title: "Destination · Feed setup" };

export default async function DestinationStepPage({ params }: { params: Promise<{ id: string }> }) {
  const feed = await loadWizardFeed((await params).id, "destination");
  return <DestinationStep initialFeed={feed} />;
}
