import type { Metadata } from "next";
import { SectionHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { WarehouseView } from "./warehouse-view";

export const metadata: Metadata = { title: "Warehouse" };

export default async function WarehouseSettingsPage() {
  await requirePageUser("admin");
  return (
    <section>
      <SectionHeader
        title="Warehouse"
        description="Where feeds load their records. It decides which destinations a feed can choose. PostgreSQL and Redshift are tried before they are saved."
      />
      <WarehouseView />
    </section>
  );
}
