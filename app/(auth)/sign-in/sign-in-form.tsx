"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

const RATE_LIMITED = "Too many failed sign-ins for this email. Try again in 15 minutes.";
const WRONG_CREDENTIALS = "Wrong email or password.";

// Only "is anything there": the server decides whether the credentials are right, and never says which was wrong.
const signInSchema = z.object({
  email: z.string().trim().min(1, { error: "Enter your email" }),
  password: z.string().min(1, { error: "Enter your password" }),
});

function messageFor(error: string | undefined): string | null {
  if (!error) return null;
  return error === "RateLimited" ? RATE_LIMITED : WRONG_CREDENTIALS;
}

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(messageFor(initialError));
  const [redirecting, setRedirecting] = useState(false);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm({ resolver: zodResolver(signInSchema), defaultValues: { email: "", password: "" } });

  const onSubmit = handleSubmit(async ({ email, password }) => {
    setError(null);
    let result: Awaited<ReturnType<typeof signIn>>;
    try {
      result = await signIn("credentials", { email, password, redirect: false });
    } catch {
      setError("Could not reach Switchyard. Check your connection and try again.");
      return;
    }
    if (result?.ok && !result.error) {
      setRedirecting(true);
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setError(result?.status === 429 || result?.error === "RateLimited" ? RATE_LIMITED : WRONG_CREDENTIALS);
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
