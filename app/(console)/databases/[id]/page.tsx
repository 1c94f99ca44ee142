import type { Metadata } from "next";
import { DatabaseView } from "./database-view";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { loadDatabase } from "../load-database";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await loadDatabase((await params).id)).name };
}

export default async function DatabasePage({ params }: Props) {
  const user = await requirePageUser("viewer");
  const connection = await loadDatabase((await params).id);
  return <DatabaseView initial={connection} canEdit={hasRole(user.role, "editor")} />;
}
