// Next.js calls register() once when a server starts (`next start`, `npm start`, `next dev`).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ensureBootstrapped } = await import("@/lib/bootstrap");
  try {
    await ensureBootstrapped();
  } catch (e) {
    // A server that cannot open its store or keys must not come up half-working.
    console.error(`Switchyard cannot start: ${(e as Error).message}`);
    process.exit(1);
  }
}
