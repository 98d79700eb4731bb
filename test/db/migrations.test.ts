import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyMigrations, checksumOf, defaultMigrationsDir, MigrationError, readMigrations } from "@/lib/db/migrate";
import { diffDatabaseToSchema, diffMigrationsToSchema } from "@/lib/db/schema-engine";
import type { Dialect } from "@/lib/db/url";
import { migrationsDirFor, schemaFor } from "../../prisma/dialects.mjs";
import { createEmptyDatabase, createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { postgresAdminUrl } from "../helpers/postgres";

const ROOT = join(import.meta.dirname, "..", "..");

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  logs: unknown;
  applied_steps_count: number | bigint;
}

/** A scratch copy of the committed migrations, to edit or extend without touching the real ones. */
function copyOfMigrations(dialect: Dialect): string {
  const dir = mkdtempSync(join(tmpdir(), "converge-migrations-"));
  cpSync(migrationsDirFor(dialect), dir, { recursive: true });
  return dir;
}

/** `npm run db:migrate` as a separate process (tsx directly: npm adds a second of startup). */
function migrateInChild(url: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "scripts", "migrate.ts")], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe.each(testDialects())("migrations on %s", (dialect) => {
  let store: TestDatabase;
  const committed = readMigrations(migrationsDirFor(dialect)).map((migration) => migration.name);

  beforeAll(async () => {
    store = await createTestDatabase(dialect);
  });

  afterAll(async () => {
    await store?.dispose();
  });

  test("the committed migrations are in sync with prisma/schema.prisma", async () => {
    expect(committed.length).toBeGreaterThan(0);
    expect(defaultMigrationsDir(dialect)).toBe(migrationsDirFor(dialect));
    expect(await diffMigrationsToSchema(dialect, migrationsDirFor(dialect), schemaFor(dialect))).toBe("");
  });

  test("a database built by applyMigrations has exactly the schema: no drift", async () => {
    expect(await diffDatabaseToSchema(store.url, schemaFor(dialect))).toBe("");
  });

  test("a model field added without a migration is reported as drift", async () => {
    const schema = schemaFor(dialect);
    const edited = schema.replace("model Project {", "model Project {\n  driftProbe String?");
    expect(edited).not.toBe(schema);
    expect(await diffDatabaseToSchema(store.url, edited)).toMatch(/ADD COLUMN\s+"driftProbe"/);
  });

  test("applyMigrations is idempotent and records each migration the way Prisma does", async () => {
    expect(await applyMigrations(store.url)).toEqual([]);
    const rows = await store.db.$queryRawUnsafe<MigrationRow[]>(
      'SELECT id, checksum, migration_name, finished_at, rolled_back_at, logs, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(committed);
    for (const row of rows) {
      const sql = readFileSync(join(migrationsDirFor(dialect), row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(checksumOf(sql));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
    }
  });

  test("an applied migration that was edited afterwards is refused", async () => {
    const dir = copyOfMigrations(dialect);
    try {
      const first = join(dir, committed[0] ?? "", "migration.sql");
      writeFileSync(first, `${readFileSync(first, "utf8")}\n-- edited after the fact\n`);
      const attempt = applyMigrations(store.url, { migrationsDir: dir });
      await expect(attempt).rejects.toBeInstanceOf(MigrationError);
      await expect(attempt).rejects.toThrow(/was modified after it was applied/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a new migration is applied once, on top of the committed ones", async () => {
    const target = await createTestDatabase(dialect);
    const dir = copyOfMigrations(dialect);
    try {
      mkdirSync(join(dir, "9999_probe"));
      writeFileSync(join(dir, "9999_probe", "migration.sql"), 'CREATE TABLE "Probe" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
      expect(await applyMigrations(target.url, { migrationsDir: dir })).toEqual(["9999_probe"]);
      expect(await applyMigrations(target.url, { migrationsDir: dir })).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await target.dispose();
    }
  });

  test("two migrators racing on one empty store apply each migration exactly once", async () => {
    const empty = await createEmptyDatabase(dialect);
    try {
      let applied: string[];
      if (dialect === "sqlite") {
        // better-sqlite3 is synchronous: only separate processes can really race.
        const runs = await Promise.all([migrateInChild(empty.url), migrateInChild(empty.url)]);
        expect(runs.map((run) => run.code)).toEqual([0, 0]);
        applied = runs.flatMap((run) => [...run.out.matchAll(/applied (\S+)/g)].map((match) => match[1] ?? ""));
      } else {
        const runs = await Promise.all([applyMigrations(empty.url), applyMigrations(empty.url)]);
        applied = runs.flat();
      }
      expect(applied.sort()).toEqual(committed);
    } finally {
      await empty.drop();
    }
  });

  test("the client from createTestDatabase writes and reads a Project row", async () => {
    const created = await store.db.project.create({ data: { slug: "probe", name: "Probe", tokenHash: "0".repeat(64) } });
    const found = await store.db.project.findUnique({ where: { slug: "probe" } });
    expect(found).toMatchObject({ id: created.id, name: "Probe", repoUrl: null });
    expect(found?.createdAt).toBeInstanceOf(Date);
  });
});

test("the PostgreSQL admin URL defaults to the local trust-auth server", () => {
  expect(postgresAdminUrl({ ...process.env, TEST_POSTGRES_URL: " " })).toBe("postgres://postgres@127.0.0.1:5432/postgres");
});
