// Two `next start` processes on ONE SQLite file, 20 concurrent writers each: zero errors.
// This is what BEGIN IMMEDIATE (lib/db/sqlite-adapter.ts) is for: with Prisma's deferred BEGIN the
// same load failed about half its posts with SQLITE_BUSY ("Operation has timed out").
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startServer, type TestServer } from "../helpers/server";
import { auditStore, sqliteIntegrity } from "./audit";
import { postScan, seedProject, tally } from "./http";

const WRITERS = 20;
const POSTS_PER_WRITER = 8;

describe("two server processes on one SQLite file", () => {
  let store: TestDatabase;
  let servers: TestServer[] = [];

  beforeAll(async () => {
    store = await createTestDatabase("sqlite");
    servers = await Promise.all([startServer({ databaseUrl: store.url }), startServer({ databaseUrl: store.url })]);
  }, 600_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await store?.dispose();
  });

  test(`${WRITERS} concurrent writers per process, ${WRITERS * 2 * POSTS_PER_WRITER} new commits: every post is 201`, async () => {
    const project = await seedProject(store.db, "two-processes");
    const statuses: number[] = [];
    const failures: string[] = [];
    const started = Date.now();
    await Promise.all(
      servers.flatMap((server, s) =>
        Array.from({ length: WRITERS }, async (_, w) => {
          for (let i = 0; i < POSTS_PER_WRITER; i++) {
            const inventory = makeInventory({
              sha: fakeSha(`p${s}-w${w}-${i}`),
              date: new Date(Date.UTC(2026, 0, 1, 0, 0, s * 10_000 + w * 100 + i)).toISOString(),
              members: 30,
            });
            const result = await postScan(server.url, project.slug, project.token, inventory);
            statuses.push(result.status);
            if (result.status !== 201) failures.push(`${result.status} ${JSON.stringify(result.body).slice(0, 200)}`);
            // A read between writes, through the other process: readers never block and never fail.
            if (i % 4 === 0) expect((await fetch(`${servers[1 - s]?.url}/api/v1/projects/${project.slug}/scans?limit=5`)).status).toBe(200);
          }
        }),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(`[two processes] ${statuses.length} posts in ${seconds.toFixed(1)} s: ${JSON.stringify(tally(statuses))}`);
    expect(failures).toEqual([]);
    expect(statuses).toHaveLength(WRITERS * 2 * POSTS_PER_WRITER);
    expect(await store.db.scan.count({ where: { projectId: project.id } })).toBe(WRITERS * 2 * POSTS_PER_WRITER);
    expect((await auditStore(store.db)).problems).toEqual([]);
    for (const server of servers) expect(server.output()).not.toMatch(/SQLITE_BUSY|timed out|unhandled error/i);
    expect(sqliteIntegrity(store.url)).toEqual({ integrity: ["ok"], foreignKeyViolations: 0 });
  }, 300_000);
});
