import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { FeedOut } from "@/lib/feeds/schemas";

const TONE: Record<FeedOut["status"], BadgeTone> = { draft: "neutral", active: "success", paused: "warning" };
const LABEL: Record<FeedOut["status"], string> = { draft: "Draft", active: "Active", paused: "Paused" };

export function FeedStatusBadge({ status }: { status: FeedOut["status"] }) {
  return <Badge tone={TONE[status]}>{LABEL[status]}</Badge>;
}

/** A feed's name, or what to call a draft that has none yet. */
export function feedTitle(feed: Pick<FeedOut, "id" | "name">): string {
  return feed.name ?? `Untitled draft #${feed.id}`;
}
