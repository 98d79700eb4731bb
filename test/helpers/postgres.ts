// Whether the PostgreSQL half of the suite runs. It is ON by default: CI has a server, and a
// silently skipped dialect is how the two stores drift apart. TEST_POSTGRES=0 turns it off locally.
import pg from "pg";

export const DEFAULT_TEST_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export type PostgresTestStatus =
  | { state: "enabled"; url: string }
  | { state: "disabled" }
  | { state: "unreachable"; url: string; error: string };

/** Admin connection (a superuser or a role with CREATEDB) on which test databases are created. */
export function postgresAdminUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_POSTGRES_URL?.trim() || DEFAULT_TEST_POSTGRES_URL;
}

export function postgresTestsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TEST_POSTGRES?.trim() !== "0";
}

export async function postgresTestStatus(env: NodeJS.ProcessEnv = process.env): Promise<PostgresTestStatus> {
  if (!postgresTestsEnabled(env)) return { state: "disabled" };
  const url = postgresAdminUrl(env);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return { state: "enabled", url };
  } catch (error) {
    return { state: "unreachable", url, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end().catch(() => {});
  }
}
