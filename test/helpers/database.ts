// One brand-new, migrated store per caller: a SQLite file in a temp dir, or a PostgreSQL database
// converge_t_<random> dropped on dispose. Tests iterate `describe.each(testDialects())`.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createDb, type Db } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import type { Dialect } from "@/lib/db/url";
import { postgresAdminUrl, postgresTestsEnabled } from "./postgres";

export interface TestDatabase {
  dialect: Dialect;
  url: string;
  db: Db;
  dispose(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply prisma/migrations/<dialect> before returning (default true). */
  migrate?: boolean;
}

/** Both dialects unless TEST_POSTGRES=0; never a skip, so a dialect cannot drop out silently. */
export function testDialects(): Dialect[] {
  return postgresTestsEnabled() ? ["sqlite", "postgres"] : ["sqlite"];
}

/** A URL naming the same server as `url`, on another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A brand-new empty database (no migrations): its URL and how to remove it. */
export async function createEmptyDatabase(dialect: Dialect): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "converge-test-"));
    return { url: `file:${join(dir, "test.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `converge_t_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  return { url: withDatabase(postgresAdminUrl(), name), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export async function createTestDatabase(dialect: Dialect, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const store = await createEmptyDatabase(dialect);
  try {
    if (options.migrate !== false) await applyMigrations(store.url);
  } catch (error) {
    await store.drop();
    throw error;
  }
  const db = createDb(store.url);
  let disposed = false;
  return {
    dialect,
    url: store.url,
    db,
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await db.$disconnect();
      await store.drop();
    },
  };
}
