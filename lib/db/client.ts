import { mkdirSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { PrismaSqliteSerialized } from "./sqlite-adapter";
import { databaseUrl, dialectOf, sqliteDirectory, sqliteFilePath, type Dialect } from "./url";

/**
 * Both generated clients expose the same models (one schema, two providers), so the rest of the
 * code is typed against the SQLite client and the PostgreSQL client is accepted as the same shape.
 */
export type Db = SqliteClient;
export type { Dialect };

export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * WAL + synchronous=NORMAL survives a killed process (a commit is in the WAL before COMMIT returns);
 * CONVERGE_SQLITE_SYNC=full also fsyncs every commit, for power-loss durability at a write-rate cost.
 */
function sqliteSynchronous(env: NodeJS.ProcessEnv = process.env): "NORMAL" | "FULL" {
  return env.CONVERGE_SQLITE_SYNC?.trim().toLowerCase() === "full" ? "FULL" : "NORMAL";
}

export function createDb(url: string = databaseUrl()): Db {
  if (dialectOf(url) === "postgres") {
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  mkdirSync(sqliteDirectory(url), { recursive: true });
  // Reads on their own connection, writes serialized with BEGIN IMMEDIATE: see sqlite-adapter.ts.
  const adapter = new PrismaSqliteSerialized({
    path: sqliteFilePath(url),
    busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
    synchronous: sqliteSynchronous(),
  });
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
