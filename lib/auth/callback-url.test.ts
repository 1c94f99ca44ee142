import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeRedirectUrl } from "./callback-url";

const origin = "http://127.0.0.1:3000";

describe("callbackUrl resolution", () => {
  it.each([
    ["/%09/evil.example/phish"],
    ["/\t/evil.example/phish"],
    ["//evil.example"],
    ["\\\\evil.example"],
    ["/\\evil.example"],
    ["https://evil.example/x"],
    ["http://127.0.0.1:3001/"],
    ["javascript:alert(1)"],
    ["\n//evil.example"],
  ])("refuses %j", (value) => {
    expect(safeCallbackPath(decodeURIComponent(value.replace(/%(?![0-9a-f]{2})/gi, "%25")), origin)).toBe("/");
    expect(safeCallbackPath(value, origin)).toMatch(/^\/(?!\/)/);
    expect(new URL(safeRedirectUrl(value, origin)).origin).toBe(origin);
  });

  it("keeps same-origin paths, absolute or relative, with query and hash", () => {
    expect(safeCallbackPath("/feeds/3?tab=runs#x", origin)).toBe("/feeds/3?tab=runs#x");
    expect(safeCallbackPath(`${origin}/connections`, origin)).toBe("/connections");
    expect(safeRedirectUrl("/connections", origin)).toBe(`${origin}/connections`);
    expect(safeCallbackPath(undefined, origin)).toBe("/");
    expect(safeCallbackPath(["/a"], origin)).toBe("/");
  });
});
