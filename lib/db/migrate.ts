// Applies the committed migrations with the plain driver (better-sqlite3 / pg): no schema engine at
// runtime. Rows go into `_prisma_migrations` exactly as Prisma writes them, so a database migrated
// here is one `prisma migrate deploy` accepts later on a machine that has the native engine.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { dialectOf, sqliteFilePath, type Dialect } from "./url";

/**
 * prisma/migrations/<dialect> of this checkout, found from this file (the CLI runs in other
 * repositories' folders); the working directory is the fallback once bundled elsewhere.
 */
export function defaultMigrationsDir(dialect: Dialect): string {
  const besideSource = fileURLToPath(new URL(`../../prisma/migrations/${dialect}`, import.meta.url));
  return existsSync(besideSource) ? besideSource : join(process.cwd(), "prisma", "migrations", dialect);
}

/** Prisma's own DDL for its bookkeeping table, per dialect (as the schema engine creates it). */
export const PRISMA_MIGRATIONS_DDL: Record<Dialect, string> = {
  sqlite: `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgres: `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`,
};

/** The key Prisma's engine locks on PostgreSQL, so we also serialize against a real `prisma migrate`. */
const PG_ADVISORY_LOCK_KEY = 72707369;
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface Migration {
  name: string;
  sql: string;
  /** sha256 hex of the file's bytes, as Prisma computes it. */
  checksum: string;
}

export interface ApplyOptions {
  /** Defaults to prisma/migrations/<dialect> under the working directory. */
  migrationsDir?: string;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

export function checksumOf(sql: string | Buffer): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** `<dir>/<name>/migration.sql` in name order (names start with a 4-digit sequence). */
export function readMigrations(migrationsDir: string): Migration[] {
  if (!existsSync(migrationsDir)) throw new MigrationError(`no migrations folder at ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(migrationsDir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: checksumOf(bytes) };
    });
}

/**
 * Which migration to apply next, after checking what is recorded: throws when an applied migration
 * was edited since, or when a migration failed earlier and was never resolved.
 */
function nextPending(migrations: Migration[], rows: AppliedRow[]): Migration | undefined {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `migration ${failed.migration_name} failed earlier and is still marked as started in _prisma_migrations; fix the database, then mark it rolled back`,
    );
  }
  const applied = new Map(live.map((row) => [row.migration_name, row.checksum]));
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new MigrationError(
        `migration ${migration.name} was modified after it was applied (checksum ${checksum.slice(0, 12)}… recorded, ${migration.checksum.slice(0, 12)}… on disk); add a new migration instead of editing it`,
      );
    }
  }
  return migrations.find((migration) => !applied.has(migration.name));
}

/**
 * Brings the database at `url` up to date with the committed migrations, one transaction per
 * migration, and returns the names applied (empty when it was already current).
 */
export async function applyMigrations(url: string, options: ApplyOptions = {}): Promise<string[]> {
  const dialect = dialectOf(url);
  const migrations = readMigrations(options.migrationsDir ?? defaultMigrationsDir(dialect));
  return dialect === "postgres" ? applyPostgres(url, migrations) : applySqlite(url, migrations);
}

// Prisma writes SQLite datetimes as RFC 3339 text with an explicit offset.
function sqliteNow(): string {
  return new Date().toISOString().replace("Z", "+00:00");
}

function applySqlite(url: string, migrations: Migration[]): string[] {
  const path = url === ":memory:" || url === "file::memory:" ? ":memory:" : sqliteFilePath(url);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  const applied: string[] = [];
  try {
    // Persistent per file: readers no longer block the writer (the web app and the CLI share the file).
    if (path !== ":memory:") db.pragma("journal_mode = WAL");
    // Prisma's table-redefinition migrations toggle foreign_keys inside the script, which SQLite
    // ignores inside a transaction; keep them off so a DROP TABLE cannot cascade, and check at the end.
    db.pragma("foreign_keys = OFF");
    for (;;) {
      // IMMEDIATE takes the write lock before reading the bookkeeping: two processes cannot both apply.
      db.exec("BEGIN IMMEDIATE");
      try {
        const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
        if (!hasTable) db.exec(PRISMA_MIGRATIONS_DDL.sqlite);
        const rows = db
          .prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"')
          .all() as AppliedRow[];
        const next = nextPending(migrations, rows);
        if (!next) {
          db.exec("COMMIT");
          break;
        }
        const startedAt = sqliteNow();
        try {
          db.exec(next.sql);
        } catch (error) {
          throw new MigrationError(`migration ${next.name} failed: ${errorMessage(error)}`, { cause: error });
        }
        const violations = db.pragma("foreign_key_check") as unknown[];
        if (violations.length > 0) throw new MigrationError(`migration ${next.name} leaves ${violations.length} foreign key violation(s)`);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(randomUUID(), next.checksum, sqliteNow(), next.name, startedAt);
        db.exec("COMMIT");
        applied.push(next.name);
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    }
  } finally {
    db.close();
  }
  return applied;
}

async function applyPostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  const applied: string[] = [];
  try {
    // Session-level lock held across the per-migration transactions.
    await client.query("SELECT pg_advisory_lock($1)", [PG_ADVISORY_LOCK_KEY]);
    for (;;) {
      await client.query("BEGIN");
      try {
        const table = await client.query<{ name: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS name");
        if (!table.rows[0]?.name) await client.query(PRISMA_MIGRATIONS_DDL.postgres);
        const { rows } = await client.query<AppliedRow>(
          "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations",
        );
        const next = nextPending(migrations, rows);
        if (!next) {
          await client.query("COMMIT");
          break;
        }
        const startedAt = new Date();
        try {
          await client.query(next.sql);
        } catch (error) {
          throw new MigrationError(`migration ${next.name} failed: ${errorMessage(error)}`, { cause: error });
        }
        await client.query(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, $3, $4, NULL, NULL, $5, 1)`,
          [randomUUID(), next.checksum, new Date(), next.name, startedAt],
        );
        await client.query("COMMIT");
        applied.push(next.name);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PG_ADVISORY_LOCK_KEY]).catch(() => {});
    await client.end();
  }
  return applied;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
