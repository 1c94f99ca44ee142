// Next.js calls register() once when a server starts (`next start`, `npm start`, `next dev`).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("@/lib/server-start");
    await startServer();
  }
}
