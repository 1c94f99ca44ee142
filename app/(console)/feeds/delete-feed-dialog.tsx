"use client";

import { useRouter } from "next/navigation";
import { toast } from "@/components/ui/toast";
import { feedTitle } from "@/components/feeds/feed-status-badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorMessage } from "@/lib/api-client";
import { useDeleteFeed, type FeedSummaryOut as FeedOut } from "@/lib/feeds/queries";

/** "Delete this feed?" The server refuses (409) while one of its runs is queued or running. */
export function DeleteFeedDialog({ feed, onClose, redirectTo }: { feed: FeedOut | null; onClose: () => void; redirectTo?: string }) {
  const router = useRouter();
  const remove = useDeleteFeed();
  return (
    <ConfirmDialog
      open={feed !== null}
      title={feed ? `Delete ${feedTitle(feed)}?` : "Delete feed?"}
      description={
        feed?.tableName
          ? `Its schedule, runs and logs are deleted. The loaded table ${feed.tableName} stays in the warehouse. This cannot be undone.`
          : "Its settings are deleted. This cannot be undone."
      }
      confirmLabel="Delete feed"
      pending={remove.isPending}
      onCancel={onClose}
      onConfirm={() =>
        feed &&
        remove.mutate(feed.id, {
          onSuccess: () => {
            toast.success(`${feedTitle(feed)} deleted`);
            onClose();
            if (redirectTo) router.push(redirectTo);
          },
          onError: (e) => {
            toast.error(errorMessage(e));
            onClose();
          },
        })
      }
    />
  );
}
