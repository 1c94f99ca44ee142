import crypto from "node:crypto";

// Connection ids look like MongoDB ObjectIds (24 hex characters, time first), the shape
// Dataherald clients expect and validate.
export function newConnectionId(): string {
  const time = Buffer.alloc(4);
  time.writeUInt32BE(Math.floor(Date.now() / 1000));
  return time.toString("hex") + crypto.randomBytes(8).toString("hex");
}

export function isConnectionId(value: string): boolean {
  return /^[0-9a-f]{24}$/.test(value);
}
