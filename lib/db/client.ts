import { mkdirSync } from "node:fs";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { databaseUrl, dialectOf, sqliteDirectory, sqliteFilePath, type Dialect } from "./url";

/**
 * Both generated clients expose the same models (one schema, two providers), so the rest of the
 * code is typed against the SQLite client and the PostgreSQL client is accepted as the same shape.
 */
export type Db = SqliteClient;
export type { Dialect };

export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export function createDb(url: string = databaseUrl()): Db {
  if (dialectOf(url) === "postgres") {
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  mkdirSync(sqliteDirectory(url), { recursive: true });
  const adapter = new PrismaBetterSqlite3({ url: sqliteFilePath(url), timeout: SQLITE_BUSY_TIMEOUT_MS });
  return new SqliteClient({ adapter });
}

const globalForDb = globalThis as unknown as { convergeDb?: { url: string; db: Db } };

/** One client per process (and per hot reload in development). */
export function getDb(): Db {
  const url = databaseUrl();
  const cached = globalForDb.convergeDb;
  if (cached && cached.url === url) return cached.db;
  const db = createDb(url);
  globalForDb.convergeDb = { url, db };
  return db;
}

export function currentDialect(): Dialect {
  return dialectOf(databaseUrl());
}
