import { ApiError } from "./errors";

/**
 * The request body as text, refused with payload_too_large once it passes maxBytes: a declared
 * Content-Length over the limit is refused before reading, and a chunked or lying body is cut off
 * as soon as the bytes read pass the limit, so memory stays at most maxBytes whatever is sent.
 */
export async function readLimitedText(req: Request, maxBytes: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function tooLarge(maxBytes: number): ApiError {
  const size = maxBytes >= 1_000_000 ? `${Math.round(maxBytes / 1_000_000)} MB` : `${Math.round(maxBytes / 1000)} kB`;
  return new ApiError("payload_too_large", `Request body is larger than ${size}`);
}
