import { describe, expect, it } from "vitest";
import { jdbcUrlPassword, parseJdbcUrl } from "./jdbc";

describe("JDBC URLs", () => {
  it("takes the password from user:password@ (with @ and : in it), ?password=, ;password= and ;PWD=", () => {
    expect(parseJdbcUrl("jdbc:mysql://root:p@ss:w@127.0.0.1:3306/shop").target).toMatchObject({ host: "127.0.0.1", port: 3306, database: "shop", user: "root", password: "p@ss:w" });
    expect(parseJdbcUrl("jdbc:postgresql://h/db;password=semi?ssl=true").target).toMatchObject({ database: "db", password: "semi", params: { ssl: "true" } });
    expect(parseJdbcUrl("jdbc:postgresql://h/db?user=u&pwd=q").target).toMatchObject({ user: "u", password: "q", params: { user: "u" } });
    expect(jdbcUrlPassword("jdbc:impala://h:21050/db;AuthMech=3;UID=u;PWD=imp")).toEqual({ password: "imp", masked: false });
    expect(jdbcUrlPassword("jdbc:mysql://root:••••@h/db")).toEqual({ masked: true });
    expect(jdbcUrlPassword("jdbc:mysql://h/db")).toEqual({ password: undefined, masked: false });
  });
  it("reads Hive2 URLs (Zoomdata's Impala connector) as Impala: host, port, database (default) and properties", () => {
    expect(parseJdbcUrl("jdbc:hive2://impala.example.com:21050/;auth=noSasl")).toEqual({
      kind: "impala",
      target: null,
      location: { host: "impala.example.com", port: 21050, database: "default", user: undefined, properties: { auth: "noSasl" } },
    });
    expect(parseJdbcUrl("jdbc:impala://h:21050/sales;AuthMech=3;UID=u;PWD=imp").location).toEqual({ host: "h", port: 21050, database: "sales", user: "u", properties: { AuthMech: "3", UID: "u" } });
    expect(parseJdbcUrl("jdbc:mysql://h:3306/shop").location).toMatchObject({ host: "h", port: 3306, database: "shop" });
  });
  it("never quotes the password in a parse error", () => {
    expect(() => parseJdbcUrl("jdbc:mysql://root:Err-secret@[bad/db")).toThrow();
    try {
      parseJdbcUrl("jdbc:mysql://root:Err-secret@[bad/db");
    } catch (e) {
      expect((e as Error).message).not.toContain("Err-secret");
    }
  });
});
