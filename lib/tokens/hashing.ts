import crypto from "node:crypto";

// Tokens look like "sy_" + 40 URL-safe characters (240 random bits). Only their SHA-256 is stored:
// with that much entropy a fast hash is enough, and lookups stay one indexed equality.
export const TOKEN_PREFIX = "sy_";

export function generateToken(): string {
  return TOKEN_PREFIX + crypto.randomBytes(30).toString("base64url");
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

export function displayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}
