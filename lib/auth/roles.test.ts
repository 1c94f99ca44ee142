import { describe, expect, it } from "vitest";
import { hasRole, lowerRole } from "./roles";

describe("roles", () => {
  it("orders admin > editor > viewer", () => {
    expect(hasRole("admin", "editor")).toBe(true);
    expect(hasRole("editor", "editor")).toBe(true);
    expect(hasRole("editor", "admin")).toBe(false);
    expect(hasRole("viewer", "editor")).toBe(false);
    expect(hasRole("viewer", "viewer")).toBe(true);
  });

  it("picks the lower of two roles", () => {
    expect(lowerRole("admin", "viewer")).toBe("viewer");
    expect(lowerRole("editor", "admin")).toBe("editor");
  });
});
