import crypto from "node:crypto";
import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { errorResponse } from "@/lib/api/handler";
import { authOptions } from "@/lib/auth/options";
import { signInLockedUntil } from "@/lib/auth/sign-in-limit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

function nextAuth(req: NextRequest, ctx: Ctx) {
  return NextAuth(authOptions())(req, ctx);
}

export const GET = nextAuth;

// Sign-in attempts are counted per email; past the limit the credentials callback answers 429
// (with next-auth's JSON shape, so its client reports error=RateLimited) before checking the password.
export async function POST(req: NextRequest, ctx: Ctx) {
  if (req.nextUrl.pathname.endsWith("/callback/credentials")) {
    const form = await req.clone().formData().catch(() => null);
    const email = String(form?.get("email") ?? "").trim().toLowerCase();
    const until = email ? signInLockedUntil(email) : null;
    if (until) {
      const retryAfter = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
      const error = new ApiError(
        "rate_limited",
        `Too many failed sign-ins for this email. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
      );
      const url = new URL("/sign-in?error=RateLimited", req.nextUrl.origin);
      return NextResponse.json(
        { url: url.toString(), ...error.toBody() },
        { status: 429, headers: { "retry-after": String(retryAfter) } },
      );
    }
  }
  try {
    return await nextAuth(req, ctx);
  } catch (e) {
    return errorResponse(e, crypto.randomUUID());
  }
}
