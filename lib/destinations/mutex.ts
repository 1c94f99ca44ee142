// An in-process lock per key: SQLite takes one writer at a time, and waiting for it inside
// better-sqlite3 would block the event loop, so load runs queue here instead.
const tails = new Map<string, Promise<void>>();

export async function acquire(key: string, signal?: AbortSignal): Promise<() => void> {
  signal?.throwIfAborted();
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const current = new Promise<void>((r) => (release = r));
  const tail = previous.then(() => current);
  tails.set(key, tail);
  const done = () => {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  };
  if (!signal) {
    await previous;
    return done;
  }
  // Given up while waiting: the place in the queue is still passed on, once the holder before it is done.
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      void previous.then(done);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    void previous.then(() => {
      if (signal.aborted) return;
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
  return done;
}
