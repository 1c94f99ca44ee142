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
};

export default nextConfig;
