import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeWidening, holds, isExactTimestamp, kindOf, kindOfSqlType, planColumns, sqlType, widen, type ColumnKind, type Dialect } from "./column-types";

const KINDS: ColumnKind[] = ["integer", "double", "boolean", "timestamp", "json", "text", "untyped"];
const DIALECTS: Dialect[] = ["sqlite", "postgres"];
const kind = fc.constantFrom(...KINDS);
const json = fc.jsonValue();

describe("kindOf", () => {
  it.each([
    [1, "integer"],
    [-9007199254740991, "integer"],
    [9007199254740992, "double"],
    [0.5, "double"],
    [1e300, "double"],
    [true, "boolean"],
    ["abc", "text"],
    ["", "text"],
    [{ a: 1 }, "json"],
    [[1, 2], "json"],
    [null, null],
    [undefined, null],
  ])("%j is %s", (value, expected) => {
    for (const d of DIALECTS) expect(kindOf(value, d)).toBe(expected);
  });

  it("finds timestamps only where they are kept exactly (PostgreSQL timestamptz, not SQLite)", () => {
    expect(kindOf("2024-05-01T10:20:30Z", "postgres")).toBe("timestamp");
    expect(kindOf("2024-05-01T10:20:30.123456+02:00", "postgres")).toBe("timestamp");
    expect(kindOf("2024-05-01T10:20:30Z", "sqlite")).toBe("text");
  });
});

describe("isExactTimestamp", () => {
  it.each(["2024-05-01T10:20:30Z", "2024-05-01 10:20:30Z", "2024-02-29T00:00:00.5-0330", "0001-01-01T00:00:00+00:00", "2024-12-31T23:59:59.999999Z"])(
    "accepts %s",
    (s) => expect(isExactTimestamp(s)).toBe(true),
  );
  it.each([
    "2024-05-01T10:20:30", // no zone: which instant?
    "2024-05-01T10:20:30.1234567Z", // nanoseconds would be rounded
    "2024-05-01",
    "2023-02-29T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-05-01T24:00:00Z",
    "2024-05-01T10:20:60Z",
    "0000-01-01T00:00:00Z",
    "2024-05-01T10:20:30+16:00",
    "2024-05-01T10:20:30ZZ",
    " 2024-05-01T10:20:30Z",
  ])("rejects %s", (s) => expect(isExactTimestamp(s)).toBe(false));

  it("agrees with Date for every instant it accepts", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }), (d) => {
        expect(isExactTimestamp(d.toISOString())).toBe(true);
      }),
    );
  });
});

describe("widen", () => {
  it("goes integer -> double -> text, and any other mix to text", () => {
    expect(widen("integer", "double")).toBe("double");
    expect(widen("double", "integer")).toBe("double");
    expect(widen("double", "text")).toBe("text");
    expect(widen("integer", "boolean")).toBe("text");
    expect(widen("json", "text")).toBe("text");
    expect(widen("timestamp", "text")).toBe("text");
    expect(widen("boolean", "json")).toBe("text");
    expect(widen(null, "integer")).toBe("integer");
    expect(widen("integer", null)).toBe("integer");
    expect(widen(null, null)).toBe(null);
  });

  it("leaves a column of a type it does not know as it is", () => {
    for (const k of KINDS) expect(widen("untyped", k)).toBe("untyped");
  });

  it("is commutative, associative and idempotent, and the result holds what either side held", () => {
    fc.assert(
      fc.property(kind, kind, kind, (a, b, c) => {
        expect(widen(a, b)).toBe(widen(b, a));
        expect(widen(widen(a, b), c)).toBe(widen(a, widen(b, c)));
        expect(widen(a, a)).toBe(a);
      }),
    );
    fc.assert(
      fc.property(json, json, fc.constantFrom(...DIALECTS), (x, y, d) => {
        const k = widen(kindOf(x, d), kindOf(y, d));
        if (k === null) return;
        expect(holds(k, x, d)).toBe(true);
        expect(holds(k, y, d)).toBe(true);
      }),
    );
  });
});

describe("holds", () => {
  it("a value's own kind holds it; text holds everything", () => {
    fc.assert(
      fc.property(json, fc.constantFrom(...DIALECTS), (v, d) => {
        const k = kindOf(v, d);
        if (k) expect(holds(k, v, d)).toBe(true);
        expect(holds("text", v, d)).toBe(true);
      }),
    );
  });
  it("an integer column does not hold a fraction, a double does not hold a string", () => {
    expect(holds("integer", 1.5, "sqlite")).toBe(false);
    expect(holds("double", "1", "postgres")).toBe(false);
    expect(holds("boolean", 1, "postgres")).toBe(false);
    expect(holds("json", "x", "postgres")).toBe(false);
    expect(holds("timestamp", "yesterday", "postgres")).toBe(false);
  });
});

describe("SQL types", () => {
  it("maps each kind to the destination's type and back", () => {
    for (const d of DIALECTS) {
      for (const k of KINDS) {
        if (k === "untyped" || (d === "sqlite" && k === "timestamp")) continue;
        expect(kindOfSqlType(sqlType(k, d), d)).toBe(k);
      }
    }
    expect(sqlType("json", "postgres")).toBe("jsonb");
    expect(sqlType("integer", "postgres")).toBe("bigint");
  });

  it("reads an older install's columns as they are: untyped SQLite, double precision and text PostgreSQL", () => {
    expect(kindOfSqlType("", "sqlite")).toBe("untyped");
    expect(kindOfSqlType("double precision", "postgres")).toBe("double");
    expect(kindOfSqlType("text", "postgres")).toBe("text");
    expect(kindOfSqlType("uuid", "postgres")).toBe("untyped");
  });
});

describe("planColumns", () => {
  it("types new columns from the batch, widening across its records", () => {
    const plan = planColumns([{ id: 1, price: 2, tags: ["a"], ok: true, note: null }, { id: 2, price: 2.5, name: "x" }], () => undefined, "postgres");
    expect(plan).toEqual([
      { key: "id", from: null, to: "integer" },
      { key: "price", from: null, to: "double" },
      { key: "tags", from: null, to: "json" },
      { key: "ok", from: null, to: "boolean" },
      { key: "name", from: null, to: "text" },
    ]);
  });

  it("keeps existing columns that hold the values, and widens the ones that do not", () => {
    const columns = new Map<string, ColumnKind>([
      ["id", "double"], // an older install's ids
      ["blob", "text"], // an older install's nested objects
      ["n", "integer"],
      ["legacy", "untyped"],
    ]);
    expect(planColumns([{ id: 3, blob: { a: 1 }, n: 4, legacy: "x" }], (k) => columns.get(k), "postgres")).toEqual([]);
    expect(planColumns([{ n: 4.5 }], (k) => columns.get(k), "postgres")).toEqual([{ key: "n", from: "integer", to: "double" }]);
    expect(planColumns([{ n: "four" }], (k) => columns.get(k), "postgres")).toEqual([{ key: "n", from: "integer", to: "text" }]);
  });

  it("gives a key seen only with nulls no column yet", () => {
    expect(planColumns([{ a: null }, { a: undefined }], () => undefined, "sqlite")).toEqual([]);
  });

  it("after applying the plan, every value of the batch fits its column", () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.constantFrom("a", "b", "c"), json), { maxLength: 20 }), fc.constantFrom(...DIALECTS), (batch, d) => {
        const columns = new Map<string, ColumnKind>();
        for (const change of planColumns(batch, (k) => columns.get(k), d)) columns.set(change.key, change.to);
        expect(planColumns(batch, (k) => columns.get(k), d)).toEqual([]);
        for (const r of batch) for (const [k, v] of Object.entries(r)) if (v !== null) expect(holds(columns.get(k)!, v, d)).toBe(true);
      }),
    );
  });

  it("says what widened and why", () => {
    expect(describeWidening("orders", { key: "id", from: "integer", to: "double" }, "postgres")).toBe(
      "Column orders.id widened from bigint to double precision: a record's value does not fit bigint",
    );
  });
});
