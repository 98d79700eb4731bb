import { postgresTestStatus } from "./helpers/postgres";

/** Says once, up front, whether the PostgreSQL half of the suite runs. */
export default async function setup(): Promise<void> {
  const status = await postgresTestStatus();
  if (status.state === "disabled") {
    console.warn("\n[converge] TEST_POSTGRES=0: PostgreSQL tests are OFF; only SQLite is tested.\n");
  } else if (status.state === "unreachable") {
    throw new Error(`[converge] PostgreSQL is not reachable at ${status.url}: ${status.error}. Start it, or set TEST_POSTGRES=0 locally.`);
  } else {
    console.log(`\n[converge] PostgreSQL tests ON (${status.url}).\n`);
  }
}
