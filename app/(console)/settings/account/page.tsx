import type { Metadata } from "next";
import { SectionHeader } from "@/components/ui/page-header";
import { RoleBadge } from "@/components/ui/role-badge";
import { requirePageUser } from "@/lib/auth/session";
import { ChangePasswordForm } from "./change-password-form";
import { SignOutEverywhere } from "./sign-out-everywhere";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requirePageUser("viewer");
  return (
    <section className="space-y-8">
      <div>
        <SectionHeader title="Account" description="You are signed in as this user." />
        <dl className="grid max-w-2xl grid-cols-[8rem_1fr] gap-x-4 gap-y-3 rounded-lg border border-zinc-200 bg-white p-6 text-sm shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <dt className="text-zinc-500 dark:text-zinc-400">Email</dt>
          <dd className="font-medium break-all">{user.email}</dd>
          {user.name ? (
            <>
              <dt className="text-zinc-500 dark:text-zinc-400">Name</dt>
              <dd>{user.name}</dd>
            </>
          ) : null}
          <dt className="text-zinc-500 dark:text-zinc-400">Role</dt>
          <dd>
            <RoleBadge role={user.role} />
          </dd>
        </dl>
      </div>
      <div>
        <SectionHeader
          title="Change password"
          description="The password you use to sign in to Switchyard. Changing it signs you out everywhere, this browser included."
        />
        <ChangePasswordForm />
      </div>
      <div>
        <SectionHeader
          title="Sign out everywhere"
          description="Signed in somewhere you should not be, or on a computer you no longer use?"
        />
        <SignOutEverywhere />
      </div>
    </section>
  );
}
