import crypto from "node:crypto";
import NextAuth from "next-auth";
import { NextRequest, NextResponse } from "next/server";
import { readLimitedText } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { errorResponse } from "@/lib/api/handler";
import { clientAddress } from "@/lib/auth/forwarded";
import { authOptions } from "@/lib/auth/options";
import { log } from "@/lib/log";
import { rateLimitMessage, retryAfterSeconds, signInLock } from "@/lib/auth/sign-in-limit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Sign-in forms are a few hundred bytes; anything near this is not a sign-in.
const AUTH_BODY_LIMIT = 16 * 1024;

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

function nextAuth(req: NextRequest, ctx: Ctx) {
  return NextAuth(authOptions())(req, ctx);
}

// next-auth writes query values such as `error` into a Location header unencoded, and a control
// character there throws (a 500); nothing legitimate sends one.
function checkQuery(req: NextRequest) {
  // next-auth decodes the query itself and throws (a 500) on a broken escape such as `callbackUrl=%`.
  for (const part of req.nextUrl.search.slice(1).split("&")) {
    try {
      decodeURIComponent(part.replace(/\+/g, " "));
    } catch {
      throw new ApiError("bad_request", `Query parameter ${part.split("=")[0].slice(0, 40)} is not valid percent-encoded UTF-8`);
    }
  }
  for (const [name, value] of req.nextUrl.searchParams) {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(value)) throw new ApiError("bad_request", `Query parameter ${name} contains a control character`);
  }
  const action = req.nextUrl.pathname.split("/")[3];
  const error = req.nextUrl.searchParams.get("error");
  if (action === "error" && error !== null && !/^[A-Za-z0-9_-]{0,64}$/.test(error)) throw new ApiError("bad_request", "Unknown sign-in error");
  const declared = req.headers.get("content-length");
  if (declared && Number(declared) > AUTH_BODY_LIMIT) throw new ApiError("payload_too_large", "Request body is larger than 16 kB");
}

/** The body, read with a cap and checked against its Content-Type, as next-auth will see it. */
async function readBody(req: NextRequest): Promise<{ text: string; fields: Record<string, unknown> }> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== FORM && type !== JSON_TYPE) throw new ApiError("bad_request", `Send the body as ${FORM} or ${JSON_TYPE}`);
  const text = await readLimitedText(req, AUTH_BODY_LIMIT);
  if (type === FORM) return { text, fields: Object.fromEntries(new URLSearchParams(text)) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "Request body is not valid JSON");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new ApiError("bad_request", "Request body must be a JSON object");
  // next-auth's own client sends only strings (as a form would); anything else is not for it.
  const bad = Object.entries(parsed).find(([, v]) => typeof v !== "string");
  if (bad) throw new ApiError("bad_request", `Field ${bad[0]} must be a string`, { [bad[0]]: "Must be a string" });
  return { text, fields: parsed as Record<string, unknown> };
}

async function rateLimited(req: NextRequest, fields: Record<string, unknown>, requestId: string): Promise<NextResponse | null> {
  if (!req.nextUrl.pathname.endsWith("/callback/credentials")) return null;
  const email = typeof fields.email === "string" ? fields.email : "";
  if (!email.trim()) return null;
  const lock = await signInLock(email, clientAddress(req.headers));
  if (!lock) return null;
  const now = Date.now();
  const retryAfter = retryAfterSeconds(lock, now);
  const error = new ApiError("rate_limited", rateLimitMessage(lock, now));
  // next-auth's JSON shape, so its client reports error=RateLimited; the form reads Retry-After.
  const url = new URL(`/sign-in?error=RateLimited&retryAfter=${retryAfter}`, req.nextUrl.origin);
  return NextResponse.json({ url: url.toString(), ...error.toBody(requestId) }, { status: 429, headers: { "retry-after": String(retryAfter) } });
}

/**
 * next-auth answers requests it does not handle with text ("This action with HTTP POST is not
 * supported") or, for a request its configuration cannot serve (a GET of the credentials callback),
 * a 500 "problem with the server configuration": both are the caller's mistake, answered as JSON.
 */
async function asJsonErrors(res: Response, req: NextRequest, requestId: string): Promise<Response> {
  if (res.status < 400 || (res.status < 500 && (res.headers.get("content-type") ?? "").includes("application/json"))) return res;
  const text = (await res.text()).slice(0, 200);
  if (res.status >= 500) log.warn("next-auth refused a request", { requestId, method: req.method, path: req.nextUrl.pathname, answer: text });
  const message = res.status >= 500 || !text.trim() ? `${req.method} ${req.nextUrl.pathname} is not a sign-in request this server answers` : text;
  return errorResponse(new ApiError(res.status === 404 ? "not_found" : res.status === 405 ? "method_not_allowed" : "bad_request", message), requestId);
}

export async function GET(req: NextRequest, ctx: Ctx) {
  const requestId = crypto.randomUUID();
  try {
    checkQuery(req);
    return await asJsonErrors(await nextAuth(req, ctx), req, requestId);
  } catch (e) {
    return errorResponse(e, requestId);
  }
}

// Every POST is read here first, with a cap, so next-auth never buffers an unbounded body or
// parses one that does not match its Content-Type; past a sign-in limit the credentials callback
// answers 429 before the password is checked.
export async function POST(req: NextRequest, ctx: Ctx) {
  const requestId = crypto.randomUUID();
  try {
    checkQuery(req);
    const { text, fields } = await readBody(req);
    const limited = await rateLimited(req, fields, requestId);
    if (limited) return limited;
    const replay = new NextRequest(req.url, { method: "POST", headers: req.headers, body: text });
    return await asJsonErrors(await nextAuth(replay, ctx), req, requestId);
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
