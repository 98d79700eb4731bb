// Issue 16 item 11: with several server processes on one PostgreSQL database, the write rate limit is
// one limit, kept in the database: two real `next start` processes together allow exactly the configured
// number of writes per window, however the writes are spread and raced over them. SQLite keeps the
// limit in each process (the single-process default): there, two processes each grant it.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { startServer, type TestServer } from "../helpers/server";
import { postScan, seedProject, tally } from "./http";

const LIMIT = 6;
const ATTEMPTS = 20;

describe.each(testDialects())("two server processes on one %s store, CONVERGE_RATE_LIMIT=6/1h", (dialect) => {
  let store: TestDatabase;
  const servers: TestServer[] = [];

  beforeAll(async () => {
    store = await createTestDatabase(dialect);
    const env = { CONVERGE_RATE_LIMIT: `${LIMIT}/1h` };
    servers.push(...(await Promise.all([startServer({ databaseUrl: store.url, env }), startServer({ databaseUrl: store.url, env })])));
  }, 600_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await store?.dispose();
  });

  test(`${ATTEMPTS} writes raced over both processes`, async () => {
    const project = await seedProject(store.db, `shared-${dialect}`);
    const posts = Array.from({ length: ATTEMPTS }, (_, i) => {
      const server = servers[i % 2] as TestServer;
      const inventory = makeInventory({ sha: fakeSha(`${dialect}-${i}`), date: `2026-10-${String(1 + i).padStart(2, "0")}T00:00:00Z` });
      return postScan(server.url, project.slug, project.token, inventory);
    });
    const results = await Promise.all(posts);
    const statuses = tally(results.map((result) => result.status));
    for (const refused of results.filter((result) => result.status === 429)) {
      // One write refills every 10 minutes.
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(590);
      expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(600);
    }
    const stored = await store.db.scan.count({ where: { project: { slug: project.slug } } });
    if (dialect === "postgres") {
      // One bucket in the database: exactly the limit, whichever process took each write.
      expect(statuses).toEqual({ 201: LIMIT, 429: ATTEMPTS - LIMIT });
      expect(stored).toBe(LIMIT);
    } else {
      // In-process buckets: each process grants the full limit (documented; run one process on SQLite).
      expect(statuses).toEqual({ 201: 2 * LIMIT, 429: ATTEMPTS - 2 * LIMIT });
      expect(stored).toBe(2 * LIMIT);
    }
    console.log(`[shared-limit ${dialect}] ${ATTEMPTS} writes over 2 processes, limit ${LIMIT}/1h: ${JSON.stringify(statuses)}`);
  });

  test("each project token has its own bucket", async () => {
    const project = await seedProject(store.db, `own-${dialect}`);
    const inventory = makeInventory({ sha: fakeSha(`own-${dialect}`), date: "2026-11-01T00:00:00Z" });
    const posted = await postScan((servers[1] as TestServer).url, project.slug, project.token, inventory);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  });
});
