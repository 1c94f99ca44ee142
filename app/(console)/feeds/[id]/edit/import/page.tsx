import type { Metadata } from "next";
import { loadWizardFeed } from "../../../load-feed";
import { ImportStep } from "./import-step";

export const metadata: Metadata = { title: "Import Configuration · Feed setup" };

export default async function ImportStepPage({ params }: { params: Promise<{ id: string }> }) {
  const feed = await loadWizardFeed((await params).id, "import");
  return <ImportStep initialFeed={feed} />;
}
