// The write rate limit (CONVERGE_RATE_LIMIT, per ingest token) wherever its state must live:
// - SQLite (one server process, the embedded default): the in-process token buckets of rate-limit.ts;
// - PostgreSQL (several server processes behind a load balancer): one row per bucket in
//   "RateLimitBucket", refilled and taken by a single upsert on the database's clock, so every
//   process on the database draws from the same bucket and none grants the limit on its own.
import { ingestRateLimiter, type RateDecision, type RateLimitConfig, secondsUntilOne } from "./rate-limit";

export interface WriteRateLimiter {
  /** Takes one write from `key`'s bucket, or says how long until one refills. */
  take(key: string): Promise<RateDecision>;
}

/** What the PostgreSQL limiter needs of a Prisma client: one raw query. */
export interface RawQueryRunner {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
}

interface TakeRow {
  granted: boolean;
  /**
   * The bucket's tokens now, as this statement's snapshot saw them: exact when no other process took one
   * meanwhile; null when another process created the bucket meanwhile, and possibly 1 or more when one
   * took the last tokens meanwhile (the upsert then saw them gone).
   */
  tokens: number | null;
}

export class PostgresRateLimiter implements WriteRateLimiter {
  constructor(
    private readonly db: RawQueryRunner,
    readonly config: RateLimitConfig,
  ) {}

  /**
   * One statement: insert a full bucket less one, or refill the stored one and take a token only when it
   * holds one. ON CONFLICT DO UPDATE locks the row and re-reads its latest version, so concurrent takes
   * from any number of processes queue on the row and never grant more than the bucket holds. A refused
   * take leaves the row as it was (the refill is linear, so computing it later gives the same tokens).
   */
  async take(key: string): Promise<RateDecision> {
    const limit = this.config.limit;
    const perMs = this.config.limit / this.config.windowMs;
    const rows = await this.db.$queryRaw<TakeRow[]>`
      WITH clock AS (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::double precision AS now),
      taken AS (
        INSERT INTO "RateLimitBucket" AS bucket ("key", "tokens", "refilledAt")
        SELECT ${key}, ${limit}::double precision - 1, clock.now FROM clock
        ON CONFLICT ("key") DO UPDATE
          SET "tokens" = LEAST(${limit}::double precision,
                bucket."tokens" + GREATEST(0, EXCLUDED."refilledAt" - bucket."refilledAt") * ${perMs}::double precision) - 1,
              "refilledAt" = GREATEST(bucket."refilledAt", EXCLUDED."refilledAt")
          WHERE LEAST(${limit}::double precision,
                bucket."tokens" + GREATEST(0, EXCLUDED."refilledAt" - bucket."refilledAt") * ${perMs}::double precision) >= 1
        RETURNING 1
      )
      SELECT EXISTS (SELECT 1 FROM taken) AS "granted",
        (SELECT LEAST(${limit}::double precision, bucket."tokens" + GREATEST(0, clock.now - bucket."refilledAt") * ${perMs}::double precision)
           FROM "RateLimitBucket" AS bucket, clock WHERE bucket."key" = ${key}) AS "tokens"`;
    const row = rows[0];
    if (row?.granted) return { ok: true };
    // Refused, so the bucket held less than one token. A snapshot that says otherwise is stale: count it
    // empty, so Retry-After is at most one token's refill late and never early.
    const tokens = Number(row?.tokens ?? 0);
    return { ok: false, retryAfterSeconds: secondsUntilOne(tokens < 1 ? tokens : 0, this.config) };
  }
}

/**
 * The write rate limiter for a store of `dialect`, or null when CONVERGE_RATE_LIMIT is `off`. The setting
 * is parsed the same way for both (a typo throws). On PostgreSQL the keys are prefixed with their scope, so
 * other limits can share the table later.
 */
export function writeRateLimiter(
  dialect: "sqlite" | "postgres",
  db: RawQueryRunner,
  env: Readonly<Record<string, string | undefined>> = process.env,
): WriteRateLimiter | null {
  const inProcess = ingestRateLimiter(env);
  if (!inProcess) return null;
  if (dialect === "postgres") {
    const shared = new PostgresRateLimiter(db, inProcess.config);
    return { take: (key) => shared.take(`ingest:${key}`) };
  }
  return { take: async (key) => inProcess.take(key) };
}
