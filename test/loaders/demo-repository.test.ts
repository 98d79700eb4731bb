import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DEMO_REPOSITORY, DEMO_REPOSITORY_WEEKS, seedDemoRepository } from "@/lib/ingest/demo";
import { getRepository, getRepositoryOverview, getRepositoryReport } from "@/lib/queries/repositories";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const NOW = Date.parse("2026-12-02T10:00:00Z");
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The product demo's repository: four families, a year of weekly portfolios, one family per line of "what moved". */
describe("the demo repository", () => {
  let store: TestDatabase;

  beforeEach(async () => {
    store = await createTestDatabase("sqlite");
  });

  afterEach(async () => {
    await store.dispose();
  });

  test("is seeded through the portfolio ingest once a week and reads as an overview", async () => {
    const first = await seedDemoRepository(store.db, NOW);
    expect(first.createdToken).toMatch(/\S{20,}/);
    expect(first.written).toBe(DEMO_REPOSITORY_WEEKS);
    expect(await seedDemoRepository(store.db, NOW + 3_600_000)).toEqual({ createdToken: null, written: 0 });

    const repository = await getRepository(store.db, DEMO_REPOSITORY.slug);
    if (!repository) throw new Error("demo repository missing");
    const overview = await getRepositoryOverview(store.db, repository, { now: NOW });
    expect(overview.families.map((row) => [row.family, row.status, row.latest?.counted, row.change, row.nextPhase?.name ?? null])).toEqual([
      ["agents", "late", 5, 0, null],
      ["database", "done", 2, 0, null],
      ["logging", "at-risk", 7, 1, null],
      ["websocket", "on-track", 3, -1, "Phase 2"],
    ]);
    expect(overview.summary.headline).toBe("4 consolidations · 1 on track");
    expect(overview.combined).toHaveLength(DEMO_REPOSITORY_WEEKS);
    expect(overview.combined[0]?.total).toBe(6 + 9 + 4 + 17);
    expect(Date.parse(overview.combined.at(-1)?.date ?? "")).toBeLessThanOrEqual(NOW);
    expect(NOW - Date.parse(overview.combined.at(-1)?.date ?? "")).toBeLessThan(WEEK_MS);
    expect(overview.moved.shrank.map((item) => item.family)).toEqual(["websocket"]);
    expect(overview.moved.grew.map((item) => item.family)).toEqual(["logging"]);
    expect(overview.moved.stalled.map((item) => item.family)).toEqual(["agents"]);
    const websocket = overview.families.find((row) => row.family === "websocket");
    expect(websocket?.latest?.definitions).toBeGreaterThan(websocket?.latest?.names ?? 0);
    expect(websocket?.issueUrl).toBe("https://github.com/example/netra/issues/680");

    const report = await getRepositoryReport(store.db, repository, {});
    expect(report?.families.map((family) => [family.family, family.report?.diff.removed.length ?? null])).toEqual([
      ["agents", 0],
      ["database", 0],
      ["logging", 0],
      ["websocket", 1],
    ]);

    // A week later the same commits move to end that week (replaced, not duplicated).
    expect((await seedDemoRepository(store.db, NOW + WEEK_MS)).written).toBe(DEMO_REPOSITORY_WEEKS);
    expect(await store.db.scan.count({ where: { project: { repositoryId: repository.id } } })).toBe(4 * DEMO_REPOSITORY_WEEKS);
  });
});
