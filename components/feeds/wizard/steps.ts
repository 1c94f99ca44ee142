import type { FeedOut } from "@/lib/feeds/schemas";

// The wizard's four stages, as Peak names them. The values match WIZARD_STEPS in lib/feeds/schemas.ts
// (not imported here, so the stepper does not pull zod into every page).
export const STEPS = [
  { id: "connection", label: "Connection", description: "Where the data comes from" },
  { id: "import", label: "Import Configuration", description: "The fetch script and feed name" },
  { id: "destination", label: "Destination", description: "Where the records are loaded" },
  { id: "trigger", label: "Trigger", description: "When the feed runs" },
] as const;

export type StepId = (typeof STEPS)[number]["id"];

export const stepIndex = (step: string | null | undefined) => Math.max(0, STEPS.findIndex((s) => s.id === step));

export const stepHref = (feedId: number, step: StepId) => `/feeds/${feedId}/edit/${step}`;

/**
 * How far the wizard may go. `wizardStep` is saved after each step as the step to resume at, so a
 * draft reaches up to it; a feed that was activated once can be edited at any step.
 */
export function reachedIndex(feed: Pick<FeedOut, "status" | "wizardStep">): number {
  return feed.status === "draft" ? stepIndex(feed.wizardStep) : STEPS.length - 1;
}
