// Duplicates and races over HTTP against a real `next start`, on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { startServer, type TestServer } from "../helpers/server";
import { auditStore } from "./audit";
import { postScan, seedProject, tally } from "./http";

describe.each(testDialects())("write races over HTTP on %s", (dialect) => {
  let store: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    store = await createTestDatabase(dialect);
    server = await startServer({ databaseUrl: store.url });
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await store?.dispose();
  });

  test("the same commit posted 50 times at once: one scan, 201 once and 200 for the other 49", async () => {
    const project = await seedProject(store.db, "same-commit");
    const body = JSON.stringify(makeInventory({ sha: fakeSha(`${dialect}-same`), members: 30 }));
    const results = await Promise.all(Array.from({ length: 50 }, () => postScan(server.url, project.slug, project.token, body)));
    expect(tally(results.map((result) => result.status))).toEqual({ 200: 49, 201: 1 });
    const ids = new Set(results.map((result) => (result.body as { scan: { id: number } }).scan.id));
    expect(ids.size).toBe(1);
    expect(await store.db.scan.count({ where: { projectId: project.id } })).toBe(1);
    expect(await store.db.observation.count({ where: { scan: { projectId: project.id } } })).toBe(30);
  });

  test("two different commits posted at once both land, sharing their new engines", async () => {
    const project = await seedProject(store.db, "two-commits");
    const a = makeInventory({ sha: fakeSha(`${dialect}-a`), date: "2026-11-01T00:00:00Z", members: 40 });
    const b = makeInventory({ sha: fakeSha(`${dialect}-b`), date: "2026-11-02T00:00:00Z", members: 45 });
    const results = await Promise.all([
      postScan(server.url, project.slug, project.token, a),
      postScan(server.url, project.slug, project.token, b),
    ]);
    expect(results.map((result) => result.status)).toEqual([201, 201]);
    expect(await store.db.scan.count({ where: { projectId: project.id } })).toBe(2);
    expect(await store.db.engine.count({ where: { projectId: project.id } })).toBe(45);
  });

  test("30 different commits with the same brand-new engines, all at once: every one lands", async () => {
    const project = await seedProject(store.db, "engine-race");
    const inventories = Array.from({ length: 30 }, (_, i) =>
      makeInventory({
        sha: fakeSha(`${dialect}-race-${i}`),
        date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
        members: 20 + (i % 5),
      }),
    );
    const results = await Promise.all(inventories.map((inventory) => postScan(server.url, project.slug, project.token, inventory)));
    expect(tally(results.map((result) => result.status))).toEqual({ 201: 30 });
    expect(await store.db.engine.count({ where: { projectId: project.id } })).toBe(24);
    const engines = await store.db.engine.findMany({ where: { projectId: project.id, name: "Engine0ExecutionEngine" } });
    expect(engines[0]?.firstSeenAt.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(engines[0]?.lastSeenAt.toISOString()).toBe("2026-01-30T00:00:00.000Z");
    expect((await auditStore(store.db)).problems).toEqual([]);
  });
});
