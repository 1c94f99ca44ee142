import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import { dataDir, dataPath } from "@/lib/config";

// next-auth signs and encrypts its JWT cookies with this. NEXTAUTH_SECRET wins; otherwise the first
// start writes a random one to DATA_DIR/session.secret (0600), so sessions survive restarts.
export function sessionSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = dataPath("session.secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir(), { recursive: true, mode: 0o700 });
    const secret = crypto.randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    } catch {
      // Another process wrote it first; use theirs.
      return fs.readFileSync(file, "utf8").trim();
    }
    return secret;
  }
}
