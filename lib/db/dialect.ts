// Which store this process runs on: the embedded SQLite file under DATA_DIR (the default, nothing to
// configure), or PostgreSQL when DATABASE_URL names one. Read from the environment on each call, so
// a test can point one process at either.

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** DATABASE_URL when it names a PostgreSQL database; null for the embedded store. Anything else is an error. */
export function postgresUrl(): string | null {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return null;
  if (!POSTGRES_URL.test(url)) throw new Error("DATABASE_URL must be a postgres:// (or postgresql://) URL; leave it unset for the embedded SQLite store under DATA_DIR");
  return url;
}

/** Whether this process's store is PostgreSQL. */
export const onPostgres = (): boolean => postgresUrl() !== null;
