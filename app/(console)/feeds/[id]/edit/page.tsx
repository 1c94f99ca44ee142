import { redirect } from "next/navigation";
import { stepHref, STEPS } from "@/components/feeds/wizard/steps";
import { requirePageUser } from "@/lib/auth/session";
import { loadFeed } from "../../load-feed";

// /feeds/{id}/edit resumes the wizard at the step saved with the feed.
export default async function FeedEditPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("editor");
  const feed = await loadFeed((await params).id);
  const step = STEPS.find((s) => s.id === feed.wizardStep)?.id ?? "connection";
  redirect(stepHref(feed.id, step));
}
