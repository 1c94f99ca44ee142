import type { Metadata } from "next";
import { scriptTemplate } from "@/components/feeds/wizard/script-templates";
import { findConnection } from "@/lib/connections/store";
import { describeTestLimits } from "@/lib/runners/limits";
import { loadWizardFeed } from "../../../load-feed";
import { ImportStep } from "./import-step";

export const metadata: Metadata = { title: "Import Configuration · Feed setup" };

export default async function ImportStepPage({ params }: { params: Promise<{ id: string }> }) {
  const feed = await loadWizardFeed((await params).id, "import");
  // What the script's `connection` holds depends on it: the template and the API reference say so.
  const connection = feed.connectionId ? await findConnection(feed.connectionId) : undefined;
  const authType = connection?.kind === "rest" ? connection.config.authType : "none";
  // Rendered here, so the templates and the limits' wording stay out of the page's JavaScript.
  const templates = { python: scriptTemplate("python", authType), javascript: scriptTemplate("javascript", authType) };
  return <ImportStep initialFeed={feed} authType={authType} templates={templates} testLimits={describeTestLimits()} />;
}
