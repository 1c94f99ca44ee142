import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getPath, isCredentialName, leafPaths, maskPaths, MASK, parseUriParts, redactObject, redactText, redactUri, setPath, uriPassword } from "./redact";
import { requireSecretsAgainIfTargetChanged, targetChange } from "./target-change";

describe("secrets holding a lone surrogate (JSON allows \\udfff; encodeURIComponent throws on it)", () => {
  it("are masked in text, and rebuilt into URIs, without throwing", () => {
    const secret = "x\udfffy-key";
    expect(redactText(`failed with key ${secret}`, [secret])).toBe(`failed with key ${MASK}`);
    expect(() => redactUri(`postgresql://u:${secret}@h/db`)).not.toThrow();
    expect(redactUri(`postgresql://u:${secret}@h/db`)).not.toContain("\udfff");
  });
});

describe("long text (a 1 MB field echoed in an error)", () => {
  // The old URI and pair regexes retried from every letter of a long word: quadratic, so 8,000
  // characters took 0.4 s and a 1 MB field hours, with the server's event loop stuck. Linear now:
  // these take well under a second; the bound is loose for a busy machine and far below hours.
  it("is redacted in linear time, whatever its shape", () => {
    const n = 1_000_000;
    for (const text of ["a".repeat(n), `${"a".repeat(n)}//`, "a:".repeat(n / 2), `x://${"a@".repeat(n / 2)}`, "a://".repeat(n / 4), "a=".repeat(n / 2)]) {
      const t0 = performance.now();
      redactText(text);
      redactUri(text);
      expect(performance.now() - t0).toBeLessThan(5_000);
    }
  });

  it("still masks what the regexes masked", () => {
    expect(redactText(`${"x".repeat(5000)} see postgresql://u:Hunter2-secret@db/x and password=Hunter2-secret`)).not.toContain("Hunter2-secret");
    expect(redactText('jdbc:mysql://h/db;password=Hunter2-secret "token": "tok-123456"')).not.toMatch(/Hunter2-secret|tok-123456/);
  });
});

describe("redactUri", () => {
  it.each([
    ["postgresql+psycopg2://bob:p@ss@db.example:5432/app", "p@ss", "postgresql+psycopg2://bob:••••@db.example:5432/app"],
    ["mysql+pymysql://bob:a:b/c@db.example/app", "a:b/c", "mysql+pymysql://bob:••••@db.example/app"],
    ["postgresql://bob:pa%40ss%2Fx@db.example/app", "pa%40ss", "postgresql://bob:••••@db.example/app"],
    ["jdbc:mysql://root:Zd-p@ss:w/rd@127.0.0.1:3306/shop", "Zd-p@ss", "jdbc:mysql://root:••••@127.0.0.1:3306/shop"],
    ["jdbc:impala://h:21050/db;AuthMech=3;UID=u;PWD=Imp-secret", "Imp-secret", "jdbc:impala://h:21050/db;AuthMech=3;UID=u;PWD=••••"],
    ["jdbc:postgresql://h/db?user=u&password=Pg-secret&ssl=true", "Pg-secret", "jdbc:postgresql://h/db?user=u&password=••••&ssl=true"],
    ["jdbc:mysql://h/db;password=semi-secret;user=u", "semi-secret", "jdbc:mysql://h/db;password=••••;user=u"],
    ["mssql://h/db?pwd=Pwd-secret", "Pwd-secret", "mssql://h/db?pwd=••••"],
    ["https://h/x?access_token=AT-1&api_key=AK-2&sig=SG-3&X-Amz-Signature=S4&apikey=S5&session=S6&key=S7", "AT-1", "https://h/x?access_token=••••&api_key=••••&sig=••••&X-Amz-Signature=••••&apikey=••••&session=••••&key=••••"],
    ["duckdb:///md:warehouse?motherduck_token=MD-tok", "MD-tok", "duckdb:///md:warehouse?motherduck_token=••••"],
    ["databricks://token:dapi-123@adb.example?http_path=/sql&catalog=c&schema=s", "dapi-123", "databricks://token:••••@adb.example?http_path=/sql&catalog=c&schema=s"],
    ["https://ghp_abcdefghijklmnopqrstuvwxyz@github.example/repo", "ghp_abc", "https://••••@github.example/repo"],
  ])("%s", (uri, secret, shown) => {
    expect(redactUri(uri)).toBe(shown);
    expect(redactUri(uri)).not.toContain(secret);
  });

  it("keeps what is not secret", () => {
    expect(redactUri("postgresql://bob@db.example:5432/app?sslmode=require&authSource=admin")).toBe("postgresql://bob@db.example:5432/app?sslmode=require&authSource=admin");
    expect(redactUri("sqlite:////data/app.db")).toBe("sqlite:////data/app.db");
    expect(redactUri("https://a-rather-long-site-name.example/@someone/post")).toBe("https://a-rather-long-site-name.example/@someone/post");
    // An "@" inside a query value does not end the userinfo.
    expect(redactUri("postgresql://bob:pw@db.example/app?application_name=a@b.example")).toBe("postgresql://bob:••••@db.example/app?application_name=a@b.example");
  });

  it("masks a password with ? or # conservatively", () => {
    expect(redactUri("postgresql://bob:p#ss@db.example/app")).not.toContain("ss");
    expect(redactUri("postgresql://bob:p?ss@db.example/app")).not.toContain("ss");
  });

  it("parses the parts", () => {
    expect(parseUriParts("jdbc:mysql://u:p@w@h:1/d;a=b?c=d#e")).toEqual({ scheme: "jdbc:mysql:", user: "u", password: "p@w", hasUserinfo: true, authority: "h:1", path: "/d;a=b", query: "c=d", fragment: "e" });
    expect(uriPassword("postgresql://u:pa%40ss@h/d")).toBe("pa@ss");
  });

  const secretChars = fc.string({ minLength: 6, maxLength: 24, unit: fc.constantFrom(..."abcXYZ0189@:/%!$&*()+,;=~-_.".split("")) }).filter((s) => /[A-Za-z0-9]{3}/.test(s));

  it("never shows a generated password, whatever it holds (property)", () => {
    fc.assert(
      fc.property(secretChars, fc.constantFrom("postgresql+psycopg2", "mysql+pymysql", "jdbc:mysql", "clickhouse+http", "snowflake", "https"), (pw, scheme) => {
        for (const enc of [pw, encodeURIComponent(pw)]) {
          const shown = redactUri(`${scheme}://user:${enc}@db.example:5432/app`);
          expect(shown).toBe(`${scheme}://user:${MASK}@db.example:5432/app`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never shows a generated token in a credential parameter (property)", () => {
    const tok = fc.string({ minLength: 6, maxLength: 30, unit: fc.constantFrom(..."abcXYZ0189-_.~%".split("")) }).filter((s) => /[a-zA-Z0-9]{4}/.test(s));
    const name = fc.constantFrom("password", "PWD", "pass", "passwd", "secret", "token", "access_token", "api_key", "APIKEY", "key", "auth", "credential", "credentials", "sig", "signature", "session", "client_secret");
    fc.assert(
      fc.property(tok, name, fc.constantFrom("?", ";"), (t, n, sep) => {
        const shown = redactUri(`jdbc:postgresql://h:5432/db${sep}${n}=${t}${sep === "?" ? "&" : ";"}ssl=true`);
        expect(shown).not.toContain(t);
        expect(shown).toContain("ssl=true");
      }),
      { numRuns: 300 },
    );
  });
});

describe("redactText", () => {
  it("rebuilds the URIs in driver errors and masks pairs", () => {
    const text = 'connect ECONNREFUSED for "mysql+pymysql://bob:p@ss:word@10.0.0.1:3306/app" (password=hunter22 token: Tk-99, Authorization: Bearer abc.def)';
    const out = redactText(text);
    for (const s of ["p@ss", "ss:word", "hunter22", "Tk-99", "abc.def"]) expect(out).not.toContain(s);
    expect(out).toContain("mysql+pymysql://bob:••••@10.0.0.1:3306/app");
  });
  it("never shows a password of a URI embedded in a message (property)", () => {
    const pw = fc.string({ minLength: 6, maxLength: 20, unit: fc.constantFrom(..."abcXYZ0189@:/%!$*+,;=~-_.".split("")) }).filter((x) => /[A-Za-z0-9]{3}/.test(x));
    // No letters or digits around it, so a generated password cannot occur there by chance.
    const words = fc.string({ maxLength: 30, unit: fc.constantFrom(..." (),.:;".split("")) });
    fc.assert(
      fc.property(pw, words, words, fc.constantFrom("postgresql", "mysql+pymysql", "jdbc:mysql", "https"), (p, before, after, scheme) => {
        const out = redactText(`${before} ${scheme}://user:${p}@db.example:5432/app ${after}`);
        expect(out).not.toContain(p);
        expect(out).toContain(`${scheme}://user:${MASK}@db.example:5432/app`);
      }),
      { numRuns: 300 },
    );
  });
  it("masks known secrets in any common encoding", () => {
    expect(redactText("bad login for s3cr@t and s3cr%40t", ["s3cr@t"])).toBe("bad login for •••• and ••••");
  });
  it("leaves ordinary messages alone", () => {
    expect(redactText("FATAL: password authentication failed for user \"bob\"")).toBe("FATAL: password authentication failed for user \"bob\"");
  });
});

describe("credential names", () => {
  it.each(["password", "PWD", "pass", "passwd", "secret", "token", "access_token", "api_key", "apikey", "key", "auth", "credential", "credentials", "sig", "signature", "session", "sockPassword", "X-Api-Key", "client_secret", "passphrase", "Authorization"])("%s is one", (n) => expect(isCredentialName(n)).toBe(true));
  it.each(["user", "host", "sslmode", "authSource", "AuthMech", "token_type", "authType", "monkey", "passive", "secretBodyKeys", "path_to_credentials_file", "UID", "catalog"])("%s is not", (n) => expect(isCredentialName(n)).toBe(false));
});

describe("secret paths", () => {
  it("reads, writes and masks nested paths", () => {
    const body = { client_id: "x", auth: { password: "P-1", user: "u" }, "a.b": "lit", list: [{ token: "T" }] };
    expect(getPath(body, "auth.password")).toBe("P-1");
    expect(getPath(body, "a.b")).toBe("lit");
    expect(getPath(body, "list.0.token")).toBe("T");
    const masked = maskPaths(body, ["auth.password", "missing.path"]);
    expect(masked.auth.password).toBe(MASK);
    expect(body.auth.password).toBe("P-1");
    expect(setPath(body, "nope.x", 1)).toBe(false);
    expect(leafPaths(body)).toEqual(["client_id", "auth.password", "auth.user", "a.b", "list.0.token"]);
  });
  it("redactObject masks credential keys and URIs in values", () => {
    const out = JSON.stringify(redactObject({ headers: { "X-Api-Key": "K-1" }, dsn: "postgresql://u:P-2@h/d", kind: "rest", authType: "custom" }));
    expect(out).not.toContain("K-1");
    expect(out).not.toContain("P-2");
    expect(out).toContain('"authType":"custom"');
  });
});

describe("requireSecretsAgainIfTargetChanged", () => {
  const kept = { password: { value: "••••", keep: true, stored: "old-pw", label: "password" } };
  it("keeps the stored secret for the same target", () => {
    expect(requireSecretsAgainIfTargetChanged({ host: "A.example", port: 1 }, { host: "a.example", port: 1 }, kept)).toEqual({ password: "old-pw" });
    expect(targetChange({ host: ["b", "a"] }, { host: ["a", "b"] })).toBeNull();
  });
  it.each([
    [{ host: "b.example", port: 1 }, "host"],
    [{ host: "a.example", port: 2 }, "port"],
    [{ host: "a.example", port: 1, database: "other" }, "database"],
  ])("refuses a kept secret when %o changed", (next, what) => {
    try {
      requireSecretsAgainIfTargetChanged({ host: "a.example", port: 1, database: "" }, next, kept);
      expect.unreachable();
    } catch (e) {
      expect((e as { status: number }).status).toBe(422);
      expect((e as { fields: Record<string, string> }).fields.password).toBe(`Enter the password again: the ${what} changed`);
    }
  });
  it("takes a newly typed secret with a changed target", () => {
    expect(requireSecretsAgainIfTargetChanged({ host: "a" }, { host: "b" }, { password: { value: "new", keep: false, stored: "old" } })).toEqual({ password: "new" });
  });
});
