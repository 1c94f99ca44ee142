import "server-only";
import http from "node:http";
import https from "node:https";
import net, { type LookupFunction } from "node:net";
import { Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { checkDestination, type CheckedDestination, type NetContext } from "./policy";

// fetch() for the server's own requests, through the outbound policy: every hop of a redirect
// chain is checked and dialled by its checked address (a lookup function that can only answer
// that address), while the Host header, TLS SNI and certificate checks keep the original name.

export type PolicyFetchInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | null;
  signal?: AbortSignal;
};

export type PolicyFetchOptions = {
  context: NetContext;
  maxRedirects?: number;
  // Answers longer than this fail while being read (default 5 MB).
  maxBodyBytes?: number;
  tls?: Pick<https.RequestOptions, "rejectUnauthorized" | "ca" | "cert" | "key" | "passphrase">;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([204, 205, 304]);
// Headers that describe a request body, dropped when a redirect turns the request into a GET.
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location", "transfer-encoding"];
// Credentials stay with the origin they were meant for (as fetch does for Authorization).
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

export class HttpClientError extends Error {
  constructor(
    readonly code: "ERR_TOO_MANY_REDIRECTS" | "ERR_UNSUPPORTED_URL" | "ERR_BODY_TOO_LARGE" | "ERR_INVALID_RESPONSE",
    message: string,
  ) {
    super(message);
    this.name = "HttpClientError";
  }
}

function without(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k.toLowerCase())));
}

/** A lookup that can only answer the checked address, whatever it is asked. */
export function pinnedLookup(dest: CheckedDestination): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: dest.address, family: dest.family }]);
    else callback(null, dest.address, dest.family);
  }) as unknown as LookupFunction;
}

function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

async function send(url: URL, method: string, headers: Record<string, string>, body: string | Buffer | null, options: PolicyFetchOptions, signal?: AbortSignal) {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = defaultPort(url);
  const dest = await checkDestination(host, port, options.context, { signal });
  const secure = url.protocol === "https:";
  const literal = net.isIP(host) !== 0;
  const request: https.RequestOptions = {
    // A literal is dialled as checked; a name goes through the pinned lookup.
    host: literal ? dest.address : host,
    port,
    method,
    path: `${url.pathname}${url.search}`,
    headers: { ...headers, host: url.host, ...(body !== null ? { "content-length": String(Buffer.byteLength(body)) } : {}) },
    lookup: pinnedLookup(dest),
    agent: false,
    signal,
    ...(secure ? { servername: literal ? undefined : host, ...options.tls } : {}),
  };
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = (secure ? https : http).request(request, resolve);
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

function toResponse(res: http.IncomingMessage, method: string, maxBytes: number): Response {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 599) {
    res.destroy();
    throw new HttpClientError("ERR_INVALID_RESPONSE", `The server answered with an invalid status ${status}`);
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    try {
      headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
    } catch {
      // A header fetch would refuse is left out rather than failing the answer.
    }
  }
  const init = { status, headers };
  if (NULL_BODY.has(status) || method === "HEAD") {
    res.destroy();
    return new Response(null, init);
  }
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new HttpClientError("ERR_BODY_TOO_LARGE", `The answer is larger than ${Math.round(maxBytes / 1024)} kB`));
      else done(null, chunk);
    },
  });
  res.on("error", (e) => limited.destroy(e));
  limited.on("error", () => res.destroy());
  res.pipe(limited);
  return new Response(Readable.toWeb(limited) as unknown as WebReadableStream as unknown as ReadableStream, init);
}

/**
 * Like fetch(url, init), with redirects followed by hand (at most `maxRedirects`, each hop
 * checked again). A refused destination rejects with DestinationNotAllowedError before any
 * packet is sent to it; network failures reject with Node's errors (code ECONNREFUSED…).
 */
export async function policyFetch(input: string | URL, init: PolicyFetchInit, options: PolicyFetchOptions): Promise<Response> {
  let url = new URL(input);
  let method = (init.method ?? "GET").toUpperCase();
  let headers = { ...(init.headers ?? {}) };
  let body = init.body ?? null;
  if (method === "GET" || method === "HEAD") body = null;
  const maxRedirects = options.maxRedirects ?? 5;
  const maxBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;
  for (let hop = 0; ; hop++) {
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new HttpClientError("ERR_UNSUPPORTED_URL", `Only http:// and https:// URLs can be fetched, not ${url.protocol}`);
    if (url.username || url.password) throw new HttpClientError("ERR_UNSUPPORTED_URL", "URLs with a user name or password cannot be fetched");
    const res = await send(url, method, headers, body, options, init.signal);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return toResponse(res, method, maxBytes);
    res.destroy();
    if (hop >= maxRedirects) throw new HttpClientError("ERR_TOO_MANY_REDIRECTS", `More than ${maxRedirects} redirects`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new HttpClientError("ERR_UNSUPPORTED_URL", "The server redirected to an address that is not a URL");
    }
    const status = res.statusCode!;
    if ((status === 303 && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST")) {
      method = "GET";
      body = null;
      headers = without(headers, BODY_HEADERS);
    }
    if (next.origin !== url.origin) headers = without(headers, CREDENTIAL_HEADERS);
    url = next;
  }
}
