/**
 * npm run db:migrate: applies prisma/migrations/<dialect> to DATABASE_URL (default
 * file:./data/converge.db) with the plain driver. Exit 2 with one line on failure.
 */
import { applyMigrations } from "@/lib/db/migrate";
import { databaseUrl, dialectOf, sqliteFilePath } from "@/lib/db/url";

/** Where the store is, without a password. */
function describeStore(url: string): string {
  if (dialectOf(url) === "sqlite") return `sqlite ${sqliteFilePath(url)}`;
  const parsed = new URL(url);
  parsed.password = "";
  return `postgres ${parsed.host}${parsed.pathname}`;
}

async function main(): Promise<number> {
  const url = databaseUrl();
  try {
    const applied = await applyMigrations(url);
    if (applied.length === 0) console.log(`db:migrate: ${describeStore(url)} is up to date`);
    for (const name of applied) console.log(`db:migrate: applied ${name}`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`db:migrate: ${message.split("\n")[0]}`);
    return 2;
  }
}

process.exitCode = await main();
