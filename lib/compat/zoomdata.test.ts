import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

import { ApiError } from "@/lib/api/errors";
import { specOfZoomdata } from "./zoomdata";

const body = (jdbc: string, o: { typeId?: string; type?: string; user?: string; password?: string | null } = {}) => ({
  connectionTypeId: o.typeId ?? "IMPALA_IMPALA",
  name: "c",
  subStorageType: "IMPALA",
  type: o.type ?? "IMPALA",
  parameters: { JDBC_URL: jdbc, USER_NAME: o.user ?? "", PASSWORD: o.password ?? "" },
});

describe("Zoomdata's body as the neutral spec", () => {
  it("takes the Impala script's jdbc:hive2 URL, with no driver to dial", () => {
    const spec = specOfZoomdata(body("jdbc:hive2://impala.example.com:21050/;auth=noSasl"));
    expect(spec).toMatchObject({ dialect: "impala", target: null, location: { host: "impala.example.com", port: 21050, database: "default" }, keepPassword: true, source: "zoomdata" });
    expect(spec.options).toEqual({ connectionTypeId: "IMPALA_IMPALA", type: "IMPALA", subStorageType: "IMPALA", userName: null });
    expect(specOfZoomdata(body("jdbc:impala://h:21050/sales", { typeId: "5a8f1e2b9c4d3e6f7a8b9c03", type: "EDC2", user: "u", password: "p" }))).toMatchObject({ dialect: "impala", password: "p", keepPassword: false });
  });

  it("dials MySQL from its fields; an empty PASSWORD means the stored one, the URL's own counts as given", () => {
    const mysql = (url: string, password: string | null) => specOfZoomdata(body(url, { typeId: "SQL_MYSQL", type: "SQL", user: "root", password }));
    expect(mysql("jdbc:mysql://127.0.0.1:3306/shop", "")).toMatchObject({ dialect: "mysql", target: { host: "127.0.0.1", port: 3306, database: "shop", user: "root" }, keepPassword: true });
    expect(mysql("jdbc:mysql://127.0.0.1:3306/shop", "secret")).toMatchObject({ target: { password: "secret" }, keepPassword: false });
    expect(mysql("jdbc:mysql://root:inurl@127.0.0.1:3306/shop", null)).toMatchObject({ target: { password: "inurl" }, keepPassword: false });
  });

  it("refuses a URL of another kind than the connection type, naming the field", () => {
    const error = (() => {
      try {
        specOfZoomdata(body("jdbc:postgresql://h/db"));
      } catch (e) {
        return e;
      }
    })() as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe("An Impala connection needs a jdbc:impala: or jdbc:hive2: URL, not jdbc:postgresql:");
    expect(error.fields).toHaveProperty(["parameters.JDBC_URL"]);
  });
});
