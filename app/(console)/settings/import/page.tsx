import type { Metadata } from "next";
import { SectionHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { ImportView } from "./import-view";

export const metadata: Metadata = { title: "Import and export" };

export default async function ImportPage() {
  await requirePageUser("editor");
  return (
    <section>
      <SectionHeader
        title="Import and export"
        description="Connections and feeds as code: export a YAML bundle (no secret values), or import one with its secrets. The preview shows what would change before anything is written."
      />
      <ImportView />
    </section>
  );
}
