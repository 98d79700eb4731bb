// Crash safety: SIGKILL the server in the middle of a load of posts. After a restart every scan that
// got a 2xx is there and complete, nothing is half-present, and SQLite's integrity check passes.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { startServer, type TestServer } from "../helpers/server";
import { auditStore, sqliteIntegrity } from "./audit";
import { postScan, seedProject } from "./http";

const WRITERS = 8;
const MEMBERS = 300;

describe.each(testDialects())("SIGKILL during a load of posts on %s", (dialect) => {
  let store: TestDatabase;
  let server: TestServer | undefined;

  beforeAll(async () => {
    store = await createTestDatabase(dialect);
  });

  afterAll(async () => {
    await server?.stop();
    await store?.dispose();
  });

  test("no acknowledged scan is lost and no scan is half-written", async () => {
    const project = await seedProject(store.db, "crash");
    server = await startServer({ databaseUrl: store.url });
    const killed = server;
    const acknowledged = new Set<string>();
    const unknown = new Set<string>();
    let sent = 0;
    let stop = false;
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; !stop && i < 10_000; i++) {
        const inventory = makeInventory({
          sha: fakeSha(`${dialect}-crash-${w}-${i}`),
          date: new Date(Date.UTC(2026, 0, 1, 0, w, i)).toISOString(),
          members: MEMBERS,
          namePrefix: `W${w}x${i % 3}`,
        });
        sent += 1;
        try {
          const result = await postScan(killed.url, project.slug, project.token, inventory);
          if (result.status === 201 || result.status === 200) acknowledged.add(inventory.commit.sha);
          else unknown.add(inventory.commit.sha);
        } catch {
          // The connection died with the server: this post may or may not have committed.
          unknown.add(inventory.commit.sha);
          return;
        }
      }
    });
    // Kill once writes are flowing: a few acknowledged, and several transactions in flight.
    const deadline = Date.now() + 60_000;
    while (acknowledged.size < 25 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await killed.kill();
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.size).toBeGreaterThanOrEqual(25);
    expect(unknown.size).toBeGreaterThan(0);

    if (dialect === "sqlite") expect(sqliteIntegrity(store.url)).toEqual({ integrity: ["ok"], foreignKeyViolations: 0 });
    server = await startServer({ databaseUrl: store.url });
    const stored = await store.db.scan.findMany({ where: { projectId: project.id }, select: { commitSha: true } });
    const storedShas = new Set(stored.map((scan) => scan.commitSha));
    const lost = [...acknowledged].filter((sha) => !storedShas.has(sha));
    expect(lost).toEqual([]);
    expect([...storedShas].every((sha) => acknowledged.has(sha) || unknown.has(sha))).toBe(true);
    expect((await auditStore(store.db)).problems).toEqual([]);
    // Through the restarted server: each acknowledged scan reads back whole.
    for (const sha of [...acknowledged].slice(0, 10)) {
      const response = await fetch(`${server.url}/api/v1/projects/${project.slug}/scans/${sha}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { scan: { members: unknown[] } }).scan.members).toHaveLength(MEMBERS);
    }
    // And it takes writes again.
    const after = await postScan(server.url, project.slug, project.token, makeInventory({ sha: fakeSha(`${dialect}-after`), members: 5 }));
    expect(after.status).toBe(201);
    console.log(
      `[crash ${dialect}] ${sent} posts sent, ${acknowledged.size} acknowledged, ${unknown.size} cut off by SIGKILL; ${storedShas.size} stored after restart (${storedShas.size - acknowledged.size} committed but unacknowledged), 0 lost, 0 partial`,
    );
  }, 300_000);
});
