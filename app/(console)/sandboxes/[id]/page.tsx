import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeftIcon } from "@/components/ui/icons";
import { requirePageUser } from "@/lib/auth/session";
import { CredentialsDetail } from "./credentials-detail";

export const metadata: Metadata = { title: "Provisioned credentials" };

export default async function CredentialsPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("editor");
  const { id } = await params;
  return (
    <div className="space-y-6">
      <Link href="/sandboxes" className="inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400">
        <ArrowLeftIcon className="size-4" /> Provisioning
      </Link>
      <CredentialsDetail id={id} />
    </div>
  );
}
