// An in-process lock per key: SQLite takes one writer at a time, and waiting for it inside
// better-sqlite3 would block the event loop, so load runs queue here instead.
const tails = new Map<string, Promise<void>>();

export async function acquire(key: string): Promise<() => void> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const current = new Promise<void>((r) => (release = r));
  const tail = previous.then(() => current);
  tails.set(key, tail);
  await previous;
  return () => {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  };
}
