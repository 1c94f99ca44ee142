import type { Metadata } from "next";
import { loadWizardFeed } from "../../../load-feed";
import { ConnectionStep } from "./connection-step";

export const metadata: Metadata = { title: "Connection · Feed setup" };

export default async function ConnectionStepPage({ params }: { params: Promise<{ id: string }> }) {
  const feed = await loadWizardFeed((await params).id, "connection");
  return <ConnectionStep initialFeed={feed} />;
}
