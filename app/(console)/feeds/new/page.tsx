import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { CreateDraft } from "./create-draft";

export const metadata: Metadata = { title: "New feed" };

export default async function NewFeedPage() {
  await requirePageUser("editor");
  return <CreateDraft />;
}
