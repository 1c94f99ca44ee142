import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb } from "@/lib/db/client";

/** Points DATA_DIR at a fresh temp folder for one test file; returns a cleanup function. */
export function useTempDataDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-test-"));
  process.env.DATA_DIR = dir;
  return {
    dir,
    cleanup: () => {
      closeDb();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
