import type { Metadata } from "next";
import { feedTitle } from "@/components/feeds/feed-status-badge";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { loadFeed } from "../load-feed";
import { FeedView } from "./feed-view";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: feedTitle(await loadFeed((await params).id)) };
}

export default async function FeedPage({ params }: Props) {
  const user = await requirePageUser("viewer");
  const feed = await loadFeed((await params).id);
  return <FeedView initialFeed={feed} canEdit={hasRole(user.role, "editor")} />;
}
