import { inTransaction } from "@/lib/db/tx";

/**
 * Opens a transaction and keeps it open, as a busy process holds the store's write lock: writes
 * started meanwhile queue behind it. `release()` commits it (running `before` inside it first).
 */
export async function holdWriteLock(): Promise<{ release: (before?: () => Promise<unknown>) => Promise<void> }> {
  let finish!: (before?: () => Promise<unknown>) => void;
  const released = new Promise<(() => Promise<unknown>) | undefined>((r) => (finish = r));
  let opened!: () => void;
  const isOpen = new Promise<void>((r) => (opened = r));
  const held = inTransaction(async () => {
    opened();
    const before = await released;
    await before?.();
  });
  await isOpen;
  return {
    release: async (before) => {
      finish(before);
      await held;
    },
  };
}
