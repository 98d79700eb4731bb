// The write rate limit's state on each store: in process memory for SQLite, one row per bucket in
// PostgreSQL, taken by one upsert so concurrent clients (two Prisma clients standing in for two
// server processes) never get more than the bucket holds. The server-level test is shared-limit.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PostgresRateLimiter, writeRateLimiter } from "@/lib/auth/write-limit";
import { createDb, type Db } from "@/lib/db/client";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDialects())("the write rate limit on %s", (dialect) => {
  let store: TestDatabase;
  let second: Db;

  beforeAll(async () => {
    store = await createTestDatabase(dialect);
    second = createDb(store.url);
  });

  afterAll(async () => {
    await second?.$disconnect();
    await store?.dispose();
  });

  test("allows exactly the configured number per window, then says when to retry", async () => {
    const limiter = writeRateLimiter(dialect, store.db, { CONVERGE_RATE_LIMIT: `4/1h` });
    expect(limiter).not.toBeNull();
    const key = `exact-${dialect}`;
    const decisions = [];
    for (let i = 0; i < 6; i += 1) decisions.push(await limiter?.take(key));
    expect(decisions.slice(0, 4)).toEqual(Array(4).fill({ ok: true }));
    // One write refills every 15 minutes: 900 s, give or take the milliseconds spent above.
    for (const refused of decisions.slice(4)) {
      expect(refused?.ok).toBe(false);
      const wait = refused && !refused.ok ? refused.retryAfterSeconds : 0;
      expect(wait).toBeGreaterThan(890);
      expect(wait).toBeLessThanOrEqual(900);
    }
    // Another key has its own bucket.
    expect(await limiter?.take(`other-${dialect}`)).toEqual({ ok: true });
  });

  test("off means no limiter, and a typo is an error naming the variable", () => {
    expect(writeRateLimiter(dialect, store.db, { CONVERGE_RATE_LIMIT: "off" })).toBeNull();
    expect(() => writeRateLimiter(dialect, store.db, { CONVERGE_RATE_LIMIT: "10 a minute" })).toThrow(/CONVERGE_RATE_LIMIT must look like/);
  });

  if (dialect === "postgres") {
    test("two clients racing on one database share one bucket: 40 concurrent takes, exactly 10 granted", async () => {
      const config = { limit: 10, windowMs: 3_600_000 };
      const clients = [new PostgresRateLimiter(store.db, config), new PostgresRateLimiter(second, config)];
      const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => clients[i % 2]?.take("race")));
      expect(decisions.filter((decision) => decision?.ok).length).toBe(10);
      // One token refills every 6 minutes: every refusal says so (never sooner), however stale its snapshot.
      for (const decision of decisions) {
        if (decision && !decision.ok) expect(decision.retryAfterSeconds).toBeGreaterThan(350);
        if (decision && !decision.ok) expect(decision.retryAfterSeconds).toBeLessThanOrEqual(360);
      }
      const rows = await store.db.$queryRaw<
        { key: string; tokens: number }[]
      >`SELECT "key", "tokens" FROM "RateLimitBucket" WHERE "key" = 'race'`;
      expect(rows).toHaveLength(1);
      expect(rows[0]?.tokens).toBeLessThan(1);
    });

    test("the bucket refills on the database's clock", async () => {
      const limiter = new PostgresRateLimiter(store.db, { limit: 2, windowMs: 400 });
      expect([(await limiter.take("refill")).ok, (await limiter.take("refill")).ok, (await limiter.take("refill")).ok]).toEqual([
        true,
        true,
        false,
      ]);
      await sleep(250); // one token refills every 200 ms
      expect((await limiter.take("refill")).ok).toBe(true);
      expect((await limiter.take("refill")).ok).toBe(false);
    });

    test("the keys on PostgreSQL are scoped and hold no token", async () => {
      const limiter = writeRateLimiter("postgres", store.db, { CONVERGE_RATE_LIMIT: "5/1m" });
      await limiter?.take("0123abcd");
      const rows = await store.db.$queryRaw<{ key: string }[]>`SELECT "key" FROM "RateLimitBucket" WHERE "key" LIKE '%0123abcd'`;
      expect(rows.map((row) => row.key)).toEqual(["ingest:0123abcd"]);
    });
  } else {
    test("SQLite keeps the buckets in this process: nothing is written to the store", async () => {
      const limiter = writeRateLimiter("sqlite", store.db, { CONVERGE_RATE_LIMIT: "5/1m" });
      await limiter?.take("in-memory");
      const rows = await store.db.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS n FROM "RateLimitBucket"`;
      expect(Number(rows[0]?.n)).toBe(0);
    });
  }
});
