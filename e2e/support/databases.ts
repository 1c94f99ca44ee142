import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";

// Real databases for the connection tests: a fresh PostgreSQL schema, a MariaDB database and a
// SQLite file per test. A missing server fails the test with a message saying what is needed.

export const suffix = () => crypto.randomBytes(4).toString("hex");

export async function pgClient(): Promise<pg.Client> {
  const c = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
  await c.connect().catch((e) => {
    throw new Error(`These tests need PostgreSQL on 127.0.0.1:5432 with database "test" (trust auth): ${e.message}`);
  });
  return c;
}

/** A schema with `tables` tables of a few rows each; returns its name. */
export async function pgSchema(tables: number, rows = 5): Promise<{ schema: string; drop: () => Promise<void> }> {
  const c = await pgClient();
  const schema = `sy_e2e_${suffix()}`;
  await c.query(`CREATE SCHEMA ${schema}`);
  for (let i = 1; i <= tables; i++) {
    await c.query(`CREATE TABLE ${schema}.t${String(i).padStart(2, "0")} (id serial PRIMARY KEY, name text NOT NULL, amount numeric(10,2), created_at timestamptz DEFAULT now(), note text)`);
    await c.query(`INSERT INTO ${schema}.t${String(i).padStart(2, "0")} (name, amount, note) SELECT 'row ' || g, g * 1.5, CASE WHEN g % 2 = 0 THEN 'even' END FROM generate_series(1, ${rows}) g`);
  }
  await c.end();
  return {
    schema,
    drop: async () => {
      const d = await pgClient();
      await d.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await d.end();
    },
  };
}

export async function mariaDatabase(): Promise<{ database: string; conn: mysql.Connection; drop: () => Promise<void> }> {
  const conn = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root", multipleStatements: true }).catch((e) => {
    throw new Error(`These tests need MariaDB on 127.0.0.1:3306 (root, no password): ${e.message}`);
  });
  const database = `sy_e2e_${suffix()}`;
  await conn.query(`CREATE DATABASE ${database}; USE ${database};
    CREATE TABLE customers (id INT PRIMARY KEY AUTO_INCREMENT, email VARCHAR(200) NOT NULL, joined DATE);
    CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, total DECIMAL(10,2));
    INSERT INTO customers (email, joined) VALUES ('a@x.io', '2026-01-01'), ('b@x.io', NULL);
    INSERT INTO orders VALUES (1, 1, 9.99);`);
  return {
    database,
    conn,
    drop: async () => {
      await conn.query(`DROP DATABASE IF EXISTS ${database}`);
      await conn.end();
    },
  };
}

/** A SQLite file in the folder the suite's server allows (SQLITE_ALLOWED_DIR). */
export function sqliteFile(name = `db_${suffix()}.db`): string {
  const file = path.join(process.env.E2E_SQLITE_DIR!, name);
  const db = new Database(file);
  db.exec(`CREATE TABLE plants (id INTEGER PRIMARY KEY, name TEXT NOT NULL, height REAL); INSERT INTO plants (name, height) VALUES ('fern', 0.4), ('oak', 20);
           CREATE TABLE gardens (id INTEGER PRIMARY KEY, city TEXT);`);
  db.close();
  return name;
}
