import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { ProvisioningView } from "./provisioning-view";

export const metadata: Metadata = { title: "Provisioning" };

// The console's page for Keboola-style sandboxes. Its URL is /sandboxes because /provisioning is
// the Keboola-compatible API itself (its clients' base URL).
export default async function ProvisioningPage() {
  const user = await requirePageUser("editor");
  return (
    <div className="space-y-6">
      <PageHeader title="Provisioning" description="Sandbox and workspace logins handed out through the Keboola-compatible Provisioning API (/provisioning)." />
      <ProvisioningView isAdmin={user.role === "admin"} />
    </div>
  );
}
