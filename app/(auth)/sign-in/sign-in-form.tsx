"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

const WRONG_CREDENTIALS = "Wrong email or password.";

function rateLimited(retryAfter: number | undefined): string {
  if (!retryAfter) return "Too many failed sign-ins. Try again later.";
  const when = retryAfter < 120 ? `${retryAfter} seconds` : `${Math.ceil(retryAfter / 60)} minutes`;
  return `Too many failed sign-ins. Try again in ${when}.`;
}

type Attempt = { ok: boolean; status: number; retryAfter?: number; message?: string };

// next-auth's credentials callback, posted the way its client's signIn() does, but keeping the
// status and Retry-After that signIn() drops.
async function postCredentials(email: string, password: string): Promise<Attempt> {
  const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string; error?: { message?: string } };
  const retryAfter = Number(res.headers.get("retry-after")) || undefined;
  const error = body.url ? new URL(body.url, window.location.href).searchParams.get("error") : null;
  return { ok: res.ok && !error, status: res.status, retryAfter, message: body.error?.message };
}

// Only "is anything there": the server decides whether the credentials are right, and never says which was wrong.
const signInSchema = z.object({
  email: z.string().trim().min(1, { error: "Enter your email" }),
  password: z.string().min(1, { error: "Enter your password" }),
});

function messageFor(error: string | undefined, retryAfter?: number): string | null {
  if (!error) return null;
  return error === "RateLimited" ? rateLimited(retryAfter) : WRONG_CREDENTIALS;
}

type Props = { callbackUrl: string; initialError?: string; initialRetryAfter?: number };

export function SignInForm({ callbackUrl, initialError, initialRetryAfter }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(messageFor(initialError, initialRetryAfter));
  const [redirecting, setRedirecting] = useState(false);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm({ resolver: zodResolver(signInSchema), defaultValues: { email: "", password: "" } });

  const onSubmit = handleSubmit(async ({ email, password }) => {
    setError(null);
    let result: Attempt;
    try {
      result = await postCredentials(email, password);
    } catch {
      setError("Could not reach Switchyard. Check your connection and try again.");
      return;
    }
    if (result.ok) {
      setRedirecting(true);
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setError(result.status === 429 ? (result.message ?? rateLimited(result.retryAfter)) : WRONG_CREDENTIALS);
  });

  const busy = isSubmitting || redirecting;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {error ? (
        <div
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-300"
        >
          {error}
        </div>
      ) : null}
      <Field label="Email" error={errors.email?.message}>
        {(control) => <Input {...control} type="email" autoComplete="username" autoFocus {...register("email")} />}
      </Field>
      <Field label="Password" error={errors.password?.message}>
        {(control) => <Input {...control} type="password" autoComplete="current-password" {...register("password")} />}
      </Field>
      <Button type="submit" className="w-full" loading={busy}>
        Sign in
      </Button>
    </form>
  );
}
