import "server-only";
import { hash, verify } from "@node-rs/argon2";

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's minimum recommendation.
export { PASSWORD_MIN_LENGTH_VALUE as PASSWORD_MIN_LENGTH } from "@/lib/users/password-rules";

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A fixed hash to verify against when the email is unknown, so both paths take the same time.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hash("switchyard-timing-equaliser");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
