import { describe, expect, it } from "vitest";
import type { RunConnection } from "@/lib/connections/rest-service";
import { createSecretMasker, MASK, maskerFor } from "./mask-secrets";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("Basic Auth connections", () => {
  const password = "pa ss/wörd+1&x";
  const connection: RunConnection = {
    type: "basic",
    username: "reader",
    password,
    headers: { Authorization: `Basic ${b64(`reader:${password}`)}` },
  };
  // What resolveRunConnection reports for a Basic connection.
  const masker = createSecretMasker(connection, [password, b64(`reader:${password}`)]);

  it("masks the password, the header value and its base64 user:password", () => {
    const token = b64(`reader:${password}`);
    expect(masker.text(`password=${password}`)).toBe(`password=${MASK}`);
    expect(masker.text(`Authorization: Basic ${token}`)).toBe(`Authorization: Basic ${MASK}`);
    expect(masker.text(`b64=${token.replace(/=+$/, "")}`)).toBe(`b64=${MASK}`);
    expect(masker.text("user reader")).toBe("user reader");
  });

  it("masks the URL-encoded, JSON-escaped and base64 forms a script may print", () => {
    const forms = [
      encodeURIComponent(password), // JavaScript
      "pa%20ss%2Fw%C3%B6rd%2B1%26x", // urllib.parse.quote(v, safe="")
      "pa%20ss/w%C3%B6rd%2B1%26x", // urllib.parse.quote(v)
      "pa+ss%2Fw%C3%B6rd%2B1%26x", // urllib.parse.quote_plus(v)
      "pa ss/w\\u00f6rd+1&x", // json.dumps(v)
      b64(password),
    ];
    for (const form of forms) expect(masker.text(`[${form}]`), form).toBe(`[${MASK}]`);
  });
});

describe("Custom Auth connections", () => {
  const connection: RunConnection = {
    type: "custom",
    auth: {
      status: 200,
      headers: {
        "content-type": "application/json",
        "set-cookie": "sid=cookie-Value-881; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly, csrf=csrf-Value-552; Path=/",
        "x-auth-token": "header-Token-321",
        "access-control-allow-credentials": "true",
      },
      body: "{}",
      json: {
        access_token: "issued-Token-93",
        token_type: "bearer",
        expires_in: 3600,
        data: { refresh_token: "refresh-Token-11", user: { name: "Alice Example" } },
        keys: ["key-One-1234", "key-Two-5678"],
        session_id: 98765432,
      },
    },
  };
  const masker = createSecretMasker(connection, ["stored-Header-Secret", "client-Secret-55"]);

  it("masks the stored secrets and the tokens of the auth response", () => {
    const out = masker.text(
      "stored-Header-Secret client-Secret-55 issued-Token-93 refresh-Token-11 key-One-1234 key-Two-5678 98765432 header-Token-321",
    );
    expect(out).toBe(Array(8).fill(MASK).join(" "));
  });

  it("masks cookie values alone and as name=value pairs", () => {
    expect(masker.text("cookie-Value-881 / csrf=csrf-Value-552")).toBe(`${MASK} / ${MASK}`);
  });

  it("leaves descriptive and ordinary values alone", () => {
    const text = "token_type bearer expires_in 3600 true Alice Example application/json";
    expect(masker.text(text)).toBe(text);
    expect(masker.patterns).not.toContain("true");
    expect(masker.patterns).not.toContain("bearer");
  });

  it("masks JSON values recursively, object keys and numeric secrets included", () => {
    const record = { id: 1, token: "issued-Token-93", nested: [{ note: "Bearer issued-Token-93" }], "issued-Token-93": true, sid: 98765432, count: 3600 };
    expect(masker.value(record)).toEqual({ id: 1, token: MASK, nested: [{ note: `Bearer ${MASK}` }], [MASK]: true, sid: MASK, count: 3600 });
    expect(record.token).toBe("issued-Token-93"); // a copy, not in place
  });

  it("takes a bare JSON string answer as the token", () => {
    const bare = createSecretMasker({ type: "custom", auth: { status: 200, headers: {}, body: '"raw-Token-7788"', json: "raw-Token-7788" } }, []);
    expect(bare.text("got raw-Token-7788")).toBe(`got ${MASK}`);
  });
});

describe("maskerFor", () => {
  it("does not mask values shorter than 4 characters", () => {
    const masker = maskerFor(["abc", "", "   x  "]);
    expect(masker.patterns).toEqual([]);
    expect(masker.text("abc and x")).toBe("abc and x");
  });

  it("masks the longest match first and treats regular-expression characters literally", () => {
    const masker = maskerFor(["secret", "secret-longer", "a.b*c(d)"]);
    expect(masker.text("secret-longer a.b*c(d) aXbbc(d)")).toBe(`${MASK} ${MASK} aXbbc(d)`);
  });

  it("with no secrets, returns values unchanged", () => {
    const masker = createSecretMasker({ type: "none" }, []);
    const record = { a: "b" };
    expect(masker.text("x")).toBe("x");
    expect(masker.value(record)).toBe(record);
  });
});
