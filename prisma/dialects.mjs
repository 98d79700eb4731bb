// The SQLite schema is the one source; the PostgreSQL schema is derived from it here,
// so the two stores cannot drift apart model by model.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PRISMA_DIR = dirname(fileURLToPath(import.meta.url));
export const DIALECTS = /** @type {const} */ (["sqlite", "postgres"]);

/** @param {"sqlite" | "postgres"} dialect */
export function schemaFor(dialect) {
  const source = readFileSync(join(PRISMA_DIR, "schema.prisma"), "utf8");
  if (dialect === "sqlite") return source;
  const derived = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output   = "../lib/db/generated/sqlite"', 'output   = "../../lib/db/generated/postgres"');
  if (derived.includes('"sqlite"')) throw new Error("prisma/dialects.mjs: could not derive the PostgreSQL schema");
  return derived;
}

/** Where a dialect's schema file lives (the PostgreSQL one is written by prisma-generate). */
export function schemaPathFor(dialect) {
  return dialect === "sqlite" ? join(PRISMA_DIR, "schema.prisma") : join(PRISMA_DIR, "postgres", "schema.prisma");
}

export function migrationsDirFor(dialect) {
  return join(PRISMA_DIR, "migrations", dialect);
}
