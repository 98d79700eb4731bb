// Write serialization for SQLite behind Prisma's better-sqlite3 adapter.
//
// The stock adapter keeps ONE connection per process and starts interactive transactions with a
// deferred `BEGIN`. Two consequences, both measured (see test/hardening/sqlite-concurrency.test.ts):
// - any query outside a transaction runs on that same connection while another request's
//   transaction is open, so it reads uncommitted rows (and a write would join that transaction);
// - a deferred transaction that has read before it writes cannot upgrade to the write lock once
//   another process committed: SQLite answers SQLITE_BUSY at once, without the busy timeout.
// So: reads go to a second connection (WAL: they see committed data only, and never block), every
// transaction takes the write lock up front (BEGIN IMMEDIATE: waits up to the busy timeout for
// another process), and writes outside a transaction queue behind the same per-process lock.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from "@prisma/driver-adapter-utils";

export interface SqliteAdapterOptions {
  /** Absolute file path, or ":memory:". */
  path: string;
  /** How long a writer waits for another process's write lock (SQLite busy timeout). */
  busyTimeoutMs: number;
  /** PRAGMA synchronous for the writer: NORMAL (WAL default here) or FULL. */
  synchronous: "NORMAL" | "FULL";
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });
const READ_ONLY = /^\s*SELECT\b/i;

class SerializedSqliteAdapter implements SqlDriverAdapter {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;

  constructor(
    private readonly writer: SqlDriverAdapter,
    private readonly reader: SqlDriverAdapter | null,
  ) {
    this.adapterName = writer.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    if (this.reader && READ_ONLY.test(query.sql)) return this.reader.queryRaw(query);
    return this.exclusive(() => this.writer.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.exclusive(() => this.writer.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.exclusive(() => this.writer.executeScript(script));
  }

  /**
   * The stock adapter takes its in-process lock and runs a deferred BEGIN; we end that empty
   * transaction and open an IMMEDIATE one on the same connection while still holding the lock.
   */
  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const transaction = await this.writer.startTransaction(isolationLevel);
    try {
      await transaction.executeRaw(statement("COMMIT"));
      await transaction.executeRaw(statement("BEGIN IMMEDIATE"));
    } catch (error) {
      await transaction.rollback();
      throw error;
    }
    return transaction;
  }

  async dispose(): Promise<void> {
    await this.reader?.dispose();
    await this.writer.dispose();
  }

  /**
   * Runs `work` on the writer connection holding the adapter's lock (its transaction's commit and
   * rollback only release that lock): an autocommit write never lands inside someone's transaction.
   */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const lock = await this.writer.startTransaction();
    try {
      await lock.executeRaw(statement("COMMIT"));
    } catch (error) {
      await lock.rollback();
      throw error;
    }
    try {
      return await work();
    } finally {
      await lock.commit();
    }
  }
}

/** A Prisma driver adapter factory for SQLite with one writer and one reader connection per client. */
export class PrismaSqliteSerialized implements SqlDriverAdapterFactory {
  readonly provider = "sqlite" as const;
  readonly adapterName = "@prisma/adapter-better-sqlite3";

  constructor(private readonly options: SqliteAdapterOptions) {}

  async connect(): Promise<SqlDriverAdapter> {
    const { path, busyTimeoutMs, synchronous } = this.options;
    const factory = new PrismaBetterSqlite3({ url: path, timeout: busyTimeoutMs });
    const writer = await factory.connect();
    const memory = path === ":memory:" || path.endsWith("/:memory:");
    if (!memory) {
      const [mode] = (await writer.queryRaw(statement("PRAGMA journal_mode"))).rows[0] ?? [];
      if (String(mode).toLowerCase() !== "wal") await writer.queryRaw(statement("PRAGMA journal_mode = WAL"));
    }
    await writer.executeRaw(statement(`PRAGMA synchronous = ${synchronous}`));
    const reader = memory ? null : await factory.connect();
    return new SerializedSqliteAdapter(writer, reader);
  }
}
