import { afterAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { feeds, users } from "@/lib/db/schema";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { createUser } from "@/lib/users/service";
import { ApiError, toApiError } from "./errors";

const temp = useTempDataDir();
afterAll(temp.cleanup);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
}

describe("toApiError", () => {
  it("keeps ApiErrors and leaves other errors to the 500 path", () => {
    const e = new ApiError("not_found", "x");
    expect(toApiError(e)).toBe(e);
    expect(toApiError(new Error("boom"))).toBeNull();
    expect(toApiError("string")).toBeNull();
  });

  it("maps a real SQLite unique violation on an expression index (users' lower(email)) to 409 naming the field", async () => {
    await createUser(cliActor(), { email: "race@example.com", password: "correct horse battery", role: "viewer" });
    // The insert createUser makes after its check, as the second of two concurrent requests does it.
    const error = thrown(() => getDb().insert(users).values({ email: "RACE@example.com", passwordHash: "x", role: "viewer" }).run());
    const mapped = toApiError(error);
    expect(mapped).toBeInstanceOf(ApiError);
    expect(mapped!.status).toBe(409);
    expect(mapped!.code).toBe("conflict");
    expect(mapped!.fields).toEqual({ email: "This email is already taken" });
    expect(mapped!.message).not.toMatch(/SQLITE|constraint/i);
  });

  it("names the column of a plain unique constraint, through drizzle's wrapper", () => {
    const sqlite = Object.assign(new Error("UNIQUE constraint failed: widgets.display_name"), { code: "SQLITE_CONSTRAINT_UNIQUE" });
    const wrapped = Object.assign(new Error("Failed query: insert ..."), { cause: sqlite });
    expect(toApiError(wrapped)).toMatchObject({ code: "conflict", fields: { displayName: "This displayName is already taken" } });
    const pk = Object.assign(new Error("UNIQUE constraint failed: connections.id"), { code: "SQLITE_CONSTRAINT_PRIMARYKEY" });
    expect(toApiError(pk)?.status).toBe(409);
    expect(toApiError(Object.assign(new Error("NOT NULL constraint failed: users.email"), { code: "SQLITE_CONSTRAINT_NOTNULL" }))).toBeNull();
  });

  it("maps a real foreign-key violation (a feed pointing at no connection) to 409, not a 500", () => {
    const error = thrown(() => getDb().insert(feeds).values({ name: "fk", connectionId: "no-such-connection" } as typeof feeds.$inferInsert).run());
    expect(toApiError(error)).toMatchObject({ code: "conflict", status: 409 });
  });
});
