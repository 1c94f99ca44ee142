import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { jsonDepthExceeds, readLimitedText } from "./body";

function streamed(chunks: number, size: number) {
  let sent = 0;
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      if (sent++ >= chunks) return controller.close();
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
  return { req: new Request("http://localhost/x", { method: "POST", body, duplex: "half" } as RequestInit), pulled: () => pulled };
}

describe("readLimitedText", () => {
  it("reads a body within the limit as UTF-8", async () => {
    expect(await readLimitedText(new Request("http://localhost/x", { method: "POST", body: "héllo" }), 100)).toBe("héllo");
    expect(await readLimitedText(new Request("http://localhost/x"), 100)).toBe("");
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    const { req, pulled } = streamed(10, 100);
    req.headers.set("content-length", "1000");
    const error = await readLimitedText(req, 500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(1);
  });

  it("stops reading a streamed body once it passes the limit", async () => {
    const { req, pulled } = streamed(10_000, 1000);
    const error = await readLimitedText(req, 5000).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("payload_too_large");
    expect(pulled()).toBeLessThan(20);
  });
});

describe("jsonDepthExceeds", () => {
  it("counts nesting of objects and arrays, not brackets in strings", () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: [{ b: 1 }] }), 3)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ a: [{ b: 1 }] }), 2)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ s: "[[[[[[\\\"{{{{" }), 1)).toBe(false);
    expect(jsonDepthExceeds("[".repeat(5000) + "]".repeat(5000), 64)).toBe(true);
    expect(jsonDepthExceeds("[".repeat(64) + "]".repeat(64), 64)).toBe(false);
  });
});
