import { mkdirSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { type Prisma, PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { PrismaSqliteSerialized } from "./sqlite-adapter";
import { databaseUrl, dialectOf, sqliteDirectory, sqliteFilePath, type Dialect } from "./url";

/**
 * What the code asks of the store, typed by the SQLite-generated client. Both generated clients (one
 * schema, two providers) satisfy it as they are, checked by tsc where createDb returns them: it leaves out
 * what differs by provider (aggregate and groupBy, the isolation levels of $transaction, the delegates'
 * type metadata), which no code uses.
 */
type Operation =
  | "findUnique"
  | "findUniqueOrThrow"
  | "findFirst"
  | "findFirstOrThrow"
  | "findMany"
  | "count"
  | "create"
  | "createMany"
  | "createManyAndReturn"
  | "update"
  | "updateMany"
  | "updateManyAndReturn"
  | "upsert"
  | "delete"
  | "deleteMany";
type Model = Uncapitalize<Prisma.ModelName>;
type Delegates = { [M in Model]: Pick<SqliteClient[M], Operation & keyof SqliteClient[M]> };

/** Inside a transaction: every model, and raw SQL. */
export type Tx = Delegates & Pick<SqliteClient, "$queryRaw" | "$executeRaw" | "$queryRawUnsafe" | "$executeRawUnsafe">;

export interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
}

export type Db = Tx &
  Pick<SqliteClient, "$connect" | "$disconnect"> & {
    $transaction<R>(write: (tx: Tx) => Promise<R>, options?: TransactionOptions): Promise<R>;
  };
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
    return new PostgresClient({ adapter });
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

declare global {
  /** The process's client, kept on globalThis so a hot reload in development does not open another. */
  var convergeDb: { url: string; db: Db } | undefined;
}

/** One client per process (and per hot reload in development). */
export function getDb(): Db {
  const url = databaseUrl();
  const cached = globalThis.convergeDb;
  if (cached && cached.url === url) return cached.db;
  const db = createDb(url);
  globalThis.convergeDb = { url, db };
  return db;
}

export function currentDialect(): Dialect {
  return dialectOf(databaseUrl());
}
