import type { Metadata } from "next";
import type { AuthType } from "@/components/feeds/wizard/script-templates";
import { findConnection } from "@/lib/connections/store";
import { loadWizardFeed } from "../../../load-feed";
import { ImportStep } from "./import-step";

export const metadata: Metadata = { title: "Import Configuration · Feed setup" };

export default async function ImportStepPage({ params }: { params: Promise<{ id: string }> }) {
  const feed = await loadWizardFeed((await params).id, "import");
  // What the script's `connection` holds depends on it: the template and the API reference say so.
  const config = feed.connectionId ? (findConnection(feed.connectionId)?.config as { authType?: AuthType } | undefined) : undefined;
  return <ImportStep initialFeed={feed} authType={config?.authType ?? "none"} />;
}
