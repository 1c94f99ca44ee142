import { ApiError } from "./errors";

// The documented limit for request bodies on every API surface (README, OpenAPI `info`).
export const MAX_BODY_BYTES = 1_000_000;

// How deeply request bodies and scripts' saved state may nest objects and arrays.
export const MAX_JSON_DEPTH = 64;

function tooLarge(maxBytes: number): ApiError {
  const limit = maxBytes >= 1_000_000 ? `${Math.round(maxBytes / 1_000_000)} MB` : maxBytes >= 1000 ? `${Math.round(maxBytes / 1000)} kB` : `${maxBytes} bytes`;
  return new ApiError("payload_too_large", `Request body is larger than ${limit}`);
}

/**
 * The body as UTF-8 text, refused with 413 before it is read when Content-Length says it is over
 * maxBytes, and as soon as a streamed (chunked) body passes maxBytes: never held in memory whole.
 */
export async function readLimitedText(req: Request, maxBytes: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * How deeply the JSON text nests objects and arrays, counted without recursion (strings skipped),
 * stopping as soon as it passes `limit`: JSON.parse, zod and JSON.stringify all recurse, so a body
 * nested thousands of levels deep is refused before any of them see it.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}
