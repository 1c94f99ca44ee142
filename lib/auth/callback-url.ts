// Where to send a user after signing in: only somewhere on this origin. The value is resolved the
// way a browser would (`new URL(value, origin)`; the URL parser drops tabs and newlines, so
// "/\t/evil.example" becomes "//evil.example"), and anything that lands on another origin is refused.

/** A same-origin path ("/x?y#z") for `value`, or "/" when it would leave `origin`. */
export function safeCallbackPath(value: unknown, origin: string): string {
  if (typeof value !== "string" || !value) return "/";
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(origin);
    resolved = new URL(value, base);
  } catch {
    return "/";
  }
  if (resolved.origin !== base.origin) return "/";
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** next-auth's redirect callback: the resolved same-origin URL, or the base URL. */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const path = safeCallbackPath(url, baseUrl);
  return new URL(path, baseUrl).href;
}
