import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LogoIcon } from "@/components/ui/icons";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { requestOrigin } from "@/lib/auth/forwarded";
import { getSessionUser } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  if (await getSessionUser()) redirect("/");
  const params = await searchParams;
  const error = typeof params.error === "string" ? params.error : undefined;
  const retryAfter = typeof params.retryAfter === "string" && /^\d{1,6}$/.test(params.retryAfter) ? Number(params.retryAfter) : undefined;
  // Only somewhere on this origin (an open redirect otherwise): see lib/auth/callback-url.ts.
  const callbackUrl = safeCallbackPath(params.callbackUrl, requestOrigin(await headers(), "http://localhost"));

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <span className="flex size-11 items-center justify-center rounded-xl bg-accent-600 text-white shadow-sm dark:bg-accent-500">
            <LogoIcon className="size-6" />
          </span>
          <h1 className="text-xl font-semibold tracking-tight">Sign in to Switchyard</h1>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <SignInForm callbackUrl={callbackUrl} initialError={error} initialRetryAfter={retryAfter} />
        </div>
        <p className="mt-6 text-center text-xs text-zinc-500 dark:text-zinc-400">
          No account? Ask a workspace admin to create one for you.
        </p>
      </div>
    </main>
  );
}
