import { hasRole, type Role } from "@/lib/auth/roles";
import type { HomeSummary } from "./types";

export type NextStep = {
  kind: "create-connection" | "create-feed" | "check-failing-feed" | "all-healthy";
  title: string;
  description: string;
  /** Where the step is done; absent when the reader's role cannot do it. */
  action?: { href: string; label: string };
};

const feedLabel = (name: string | null, id: number) => name ?? `Untitled draft #${id}`;

/**
 * The one thing to do next, in the order a new workspace needs them: a failing feed first (data is
 * not arriving), then the first connection, then the first feed. Viewers cannot create, so their
 * steps say who can.
 */
export function nextStep(summary: Pick<HomeSummary, "connections" | "feeds" | "failing">, role: Role): NextStep {
  const canEdit = hasRole(role, "editor");
  const [latestFailure] = summary.failing;
  if (latestFailure) {
    const name = feedLabel(latestFailure.feedName, latestFailure.feedId);
    const others = summary.failing.length - 1;
    return {
      kind: "check-failing-feed",
      title: "Check the failing feed",
      description:
        `${name}'s last run failed` +
        (others > 0 ? `, and ${others === 1 ? "1 other feed's" : `${others} other feeds'`} too (listed below).` : ".") +
        " Its run page shows the error and the log.",
      action: { href: `/runs/${latestFailure.run.id}`, label: `Check ${name}` },
    };
  }
  if (summary.connections === 0) {
    return canEdit
      ? {
          kind: "create-connection",
          title: "Create a connection",
          description: "A connection is where data comes from: a REST API and how to sign in to it, a database, or a Druid cluster. Feeds fetch through one.",
          action: { href: "/connections", label: "Create a connection" },
        }
      : {
          kind: "create-connection",
          title: "No connections yet",
          description: "An editor or an admin creates the first connection and its feeds; their runs will show here.",
        };
  }
  const activated = summary.feeds.active + summary.feeds.paused;
  if (activated === 0) {
    const drafts = summary.feeds.draft;
    const draftNote = drafts > 0 ? ` ${drafts === 1 ? "One draft is" : `${drafts} drafts are`} waiting to be finished on Feeds.` : "";
    return canEdit
      ? {
          kind: "create-feed",
          title: "Create a feed",
          description: `A feed runs a Python or JavaScript script against a connection on a schedule, a webhook or by hand, and loads the records into the warehouse.${draftNote}`,
          action: { href: drafts > 0 ? "/feeds" : "/feeds/new", label: drafts > 0 ? "Finish or create a feed" : "Create a feed" },
        }
      : {
          kind: "create-feed",
          title: "No feeds yet",
          description: "There are connections, but no feed loads from them yet. An editor or an admin creates feeds.",
        };
  }
  return {
    kind: "all-healthy",
    title: "No feed is failing",
    description: `${activated === 1 ? "The feed's" : `All ${activated} feeds'`} latest runs did not fail.`,
    action: { href: "/feeds", label: "View feeds" },
  };
}
