// next-auth v4 builds its callback URLs from NEXTAUTH_URL unless it may trust the Host header.
// Switchyard is served on whatever host and port the operator picks, so trust the host unless told otherwise.
process.env.AUTH_TRUST_HOST ??= "true";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native modules stay outside the bundle and load from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg", "mysql2", "ssh2", "cpu-features", "bullmq", "ioredis"],
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() answers pages a role may not see with a real 403.
  experimental: { authInterrupts: true },
  // `npm test` type-checks the same files, Next's route types included, just before it builds
  // (scripts/test.mjs); checking them again would add half a minute and find nothing new.
  typescript: { ignoreBuildErrors: process.env.SWITCHYARD_TYPECHECKED === "1" },
};

export default nextConfig;
