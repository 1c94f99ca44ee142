import { describe, expect, it } from "vitest";
import { dataheraldErrors } from "@/lib/compat/dataherald";
import { pivotErrors } from "@/lib/compat/pivot";
import { zoomdataErrors } from "@/lib/compat/zoomdata";
import { ApiError } from "./errors";
import { errorResponse } from "./handler";
import { messageWithFields, surfaceErrorBody, surfaceOf, undecodableSegment } from "./surfaces";

const info = { requestId: "r-1", body: undefined };

describe("surfaces", () => {
  it("tells the surface from the path", () => {
    expect(surfaceOf("/api/users")).toBe("native");
    expect(surfaceOf("/api")).toBe("native");
    expect(surfaceOf("/api/auth/session")).toBeNull();
    expect(surfaceOf("/api/v1/connections/x")).toBe("pivot");
    expect(surfaceOf("/api/v1/database-connections")).toBe("dataherald");
    expect(surfaceOf("/zoomdata/service/connections")).toBe("zoomdata");
    expect(surfaceOf("/provisioning")).toBe("keboola");
    expect(surfaceOf("/queue/jobs")).toBe("keboola");
    expect(surfaceOf("/feeds/1")).toBeNull();
    expect(surfaceOf("/apiary")).toBeNull();
    // The hosted Dataherald API's paths (its Python SDK's) and heartbeat.
    expect(surfaceOf("/api/database-connections/drivers")).toBe("dataherald");
    expect(surfaceOf("/api/table-descriptions")).toBe("dataherald");
    expect(surfaceOf("/heartbeat")).toBe("dataherald");
    expect(surfaceOf("/heartbeats")).toBeNull();
    expect(surfaceOf("/api/databases")).toBe("native");
  });

  it("says each field error once", () => {
    expect(messageWithFields("Invalid request body: connection.protocol: Invalid option", { "connection.protocol": "Invalid option" })).toBe("Invalid request body: connection.protocol: Invalid option");
    expect(messageWithFields("Invalid URI format", { connection_uri: "The host is missing" })).toBe("Invalid URI format: connection_uri: The host is missing");
    expect(messageWithFields("Plain", undefined)).toBe("Plain");
  });

  it("finds undecodable segments", () => {
    expect(undecodableSegment("/api/databases/%C0%AE%C0%AE")).toBe("%C0%AE%C0%AE");
    expect(undecodableSegment("/api/v1/connections/%25")).toBeNull();
    expect(undecodableSegment("/api/x/%E0%A4%A")).toBe("%E0%A4%A");
  });

  // The proxy cannot load the formatters (they pull in the database); its bodies must still be theirs.
  it.each([
    [400, "bad_request"],
    [405, "method_not_allowed"],
    [404, "not_found"],
  ] as const)("answers %i in the same envelope as each surface's formatter", async (status, code) => {
    const error = new ApiError(code, "Some message");
    expect(surfaceErrorBody("native", status, code, error.message, "r-1")).toEqual(await errorResponse(error, "r-1").json());
    expect(surfaceErrorBody("pivot", status, code, error.message, "r-1")).toEqual(await pivotErrors(error, info).json());
    expect(surfaceErrorBody("dataherald", status, code, error.message, "r-1")).toEqual(await dataheraldErrors(error, info).json());
    const zd = await zoomdataErrors(error, info).json();
    expect(surfaceErrorBody("zoomdata", status, code, error.message, "r-1")).toEqual({ ...zd, timestamp: expect.any(Number), });
  });
});
