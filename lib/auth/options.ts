import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { safeRedirectUrl } from "@/lib/auth/callback-url";
import { clientAddress } from "@/lib/auth/forwarded";
import { verifyPassword } from "@/lib/auth/passwords";
import { sessionSecret } from "@/lib/auth/session-secret";
import { recordSignInFailure, signInLock } from "@/lib/auth/sign-in-limit";
import { recordAudit } from "@/lib/audit/service";
import { findUserByEmail } from "@/lib/users/service";
import { endSession, sessionUser, startSession } from "@/lib/users/sessions";

export const SESSION_MAX_AGE_S = 7 * 24 * 3600;

let options: NextAuthOptions | undefined;

// Built on first use, not at import: `next build` imports this module and must not write DATA_DIR.
export function authOptions(): NextAuthOptions {
  options ??= buildOptions();
  return options;
}

const buildOptions = (): NextAuthOptions => ({
  secret: sessionSecret(),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const email = String(credentials?.email ?? "").trim().toLowerCase();
        const password = String(credentials?.password ?? "");
        const client = clientAddress((req?.headers ?? {}) as Record<string, string>);
        const ip = client.ip;
        if (!email || !password) return null;
        // The route handler answers 429 before we get here; this guards direct callers of authorize.
        if (await signInLock(email, client)) return null;
        const user = await findUserByEmail(email);
        // Always verify against a hash (a fixed one for unknown emails), so the answer takes as long
        // for an unknown email as for a wrong password.
        const ok = await verifyPassword(user?.passwordHash ?? null, password);
        if (!user || !ok || user.disabled) {
          await recordSignInFailure(email, client, null, { reason: !user ? "unknown_email" : !ok ? "wrong_password" : "disabled" }, user?.id);
          return null;
        }
        await recordAudit(
          { type: "user", userId: user.id, label: user.email, role: user.role, ip, requestId: null },
          { action: "auth.sign_in", targetType: "user", targetId: user.id, targetLabel: user.email },
        );
        return { id: String(user.id), email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    // callbackUrl comes from the query, the form and a cookie: only this origin is accepted.
    async redirect({ url, baseUrl }) {
      return safeRedirectUrl(url, baseUrl);
    },
    // The cookie carries the user id, the user's session generation at sign-in and a random session
    // id; role and disabled state are read from the database on every request (lib/auth/session.ts).
    async jwt({ token, user }) {
      if (user) return { ...token, sub: user.id, ...(await startSession(Number(user.id))) };
      // A signed-out or superseded session is never refreshed into a cookie with a later expiry:
      // what next-auth re-issues for it carries no user at all.
      if (!(await sessionUser({ userId: token.sub, gen: token.gen, sid: token.sid }))) return {};
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub, gen: token.gen, sid: token.sid };
    },
  },
  events: {
    // Sign-out revokes this session id, so the same cookie replayed later is refused; the user's
    // other sessions stay signed in.
    async signOut({ token }) {
      await endSession({ userId: token?.sub, gen: token?.gen, sid: token?.sid });
    },
  },
});
