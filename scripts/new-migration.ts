/**
 * npm run db:migration:new -- <name>: diffs the committed migrations against prisma/schema.prisma
 * for both dialects (with the wasm schema engine) and writes prisma/migrations/<dialect>/<NNNN>_<name>/migration.sql.
 * PostgreSQL needs a server for the throwaway shadow database: SHADOW_POSTGRES_URL, else
 * TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/postgres.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { DIALECTS, migrationsDirFor, schemaFor } from "../prisma/dialects.mjs";
import { diffMigrationsToSchema, migrationLockToml } from "@/lib/db/schema-engine";
import type { Dialect } from "@/lib/db/url";

const NAME = /^[a-z0-9]+(_[a-z0-9]+)*$/;

/** Next 4-digit sequence number, shared by both dialects so their folders stay paired. */
function nextSequence(): number {
  let highest = 0;
  for (const dialect of DIALECTS) {
    const dir = migrationsDirFor(dialect);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const match = /^(\d{4})_/.exec(entry);
      if (match) highest = Math.max(highest, Number(match[1]));
    }
  }
  return highest + 1;
}

async function main(argv: string[]): Promise<number> {
  const name = argv.find((arg) => !arg.startsWith("-"));
  if (!name || !NAME.test(name)) {
    console.error("usage: npm run db:migration:new -- <name>   (lowercase words joined by _, e.g. add_scan_notes)");
    return 2;
  }
  // Diff both before writing either: a half-written pair would be worse than none.
  const changes: { dialect: Dialect; sql: string }[] = [];
  for (const dialect of DIALECTS) {
    const sql = await diffMigrationsToSchema(dialect, migrationsDirFor(dialect), schemaFor(dialect));
    if (sql.trim()) changes.push({ dialect, sql });
  }
  if (changes.length === 0) {
    console.log("no changes: the migrations already produce prisma/schema.prisma");
    return 0;
  }
  const folder = `${String(nextSequence()).padStart(4, "0")}_${name}`;
  for (const { dialect, sql } of changes) {
    const dir = migrationsDirFor(dialect);
    mkdirSync(join(dir, folder), { recursive: true });
    const lock = join(dir, "migration_lock.toml");
    if (!existsSync(lock)) writeFileSync(lock, migrationLockToml(dialect));
    const file = join(dir, folder, "migration.sql");
    writeFileSync(file, sql.endsWith("\n") ? sql : `${sql}\n`);
    console.log(`wrote ${relative(process.cwd(), file)}`);
  }
  console.log("review the SQL, then run npm run db:migrate and commit both folders");
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`db:migration:new: ${message}`);
  process.exitCode = 2;
}
