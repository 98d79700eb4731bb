import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { CommittedInventory } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { createProject, ingestBatch, ingestInventory } from "@/lib/ingest";
import { getEngineHistory, getScanDetail, getWeeklyReport } from "@/lib/queries";
import { createTestDatabase, testDialects } from "../helpers/database";
import { fakeSha, makeInventory } from "../factories/inventory";
import { DOCSTRING_HITS, withReconciliation, withUsages } from "../factories/usages";

// Names from makeInventory: Engine0 primary, Engine1 core, Engine2 adapter, Engine3 factory, Engine4 legacy.
const USED_BY = {
  Engine0ExecutionEngine: { files: 10, sites: 30 },
  Engine1ExecutionEngine: { files: 3, sites: 7 },
  Engine2ExecutionEngine: { files: 0, sites: 0 },
  Engine3ExecutionEngine: { files: 2, sites: 5 },
  Engine4ExecutionEngine: { files: 1, sites: 1 },
};

function measured(seed: string, date: string, branch: string | null = "main"): CommittedInventory {
  return withReconciliation(withUsages(makeInventory({ sha: fakeSha(seed), date, branch }), USED_BY));
}

async function storedHits(db: Db) {
  const scans = await db.scan.findMany({ orderBy: { committedAt: "asc" }, select: { commitSha: true, reconciliationHits: true } });
  return scans.map((scan) => [scan.commitSha, scan.reconciliationHits === null ? null : (scan.reconciliationHits as unknown[]).length]);
}

describe.each(testDialects())("usages in the store on %s", (dialect) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let project: { id: number; slug: string; name: string; repoUrl: string | null };

  beforeEach(async () => {
    const store = await createTestDatabase(dialect);
    db = store.db;
    dispose = store.dispose;
    const created = await createProject(db, { slug: "demo", name: "Demo", repoUrl: null, tokenHash: hashToken(generateToken()) });
    project = { id: created.id, slug: created.slug, name: created.name, repoUrl: null };
  });

  afterEach(async () => {
    await dispose();
  });

  test("stores legacy usages, the reconciliation counts, the hits and each member's usedBy exactly", async () => {
    const inventory = measured("one", "2026-11-01T12:00:00Z");
    const stored = await ingestInventory(db, project, inventory);
    expect(stored.scan.totals.legacyUsages).toBe(13);

    const row = await db.scan.findFirstOrThrow({ select: { legacyUsages: true, reconciliation: true, reconciliationHits: true } });
    expect(row.legacyUsages).toBe(13);
    expect(row.reconciliation).toEqual({
      grep: { lines: 24, files: 4, words: 5 },
      classLines: { lines: 3, words: 4, classNames: 3 },
      byKind: { definition: 5, alias: 0, import: 6, reference: 9, docstring: 2, comment: 1, string: 0, unresolved: 1 },
      excluded: [],
      hitsTotal: 4,
    });
    expect(row.reconciliationHits).toEqual(DOCSTRING_HITS);
    const observations = await db.observation.findMany({
      orderBy: { name: "asc" },
      select: { name: true, usedByFiles: true, usedBySites: true },
    });
    expect(observations).toEqual([
      { name: "Engine0ExecutionEngine", usedByFiles: 10, usedBySites: 30 },
      { name: "Engine1ExecutionEngine", usedByFiles: 3, usedBySites: 7 },
      { name: "Engine2ExecutionEngine", usedByFiles: 0, usedBySites: 0 },
      { name: "Engine3ExecutionEngine", usedByFiles: 2, usedBySites: 5 },
      { name: "Engine4ExecutionEngine", usedByFiles: 1, usedBySites: 1 },
    ]);

    const detail = await getScanDetail(db, project.id, inventory.commit.sha);
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect(detail?.members.sort(byKey)).toEqual([...inventory.members].sort(byKey));
    expect(detail?.hits).toEqual(DOCSTRING_HITS);
    expect(detail?.reconciliation?.byKind.docstring).toBe(2);
    expect(detail?.totals).toEqual(inventory.totals);
  });

  test("a scan without usages stores null (not measured), never 0", async () => {
    const inventory = makeInventory({ sha: fakeSha("old-scanner") });
    await ingestInventory(db, project, inventory);
    const row = await db.scan.findFirstOrThrow({ select: { legacyUsages: true, reconciliation: true, reconciliationHits: true } });
    expect(row).toEqual({ legacyUsages: null, reconciliation: null, reconciliationHits: null });
    expect(await db.observation.count({ where: { usedByFiles: null, usedBySites: null } })).toBe(5);
    const detail = await getScanDetail(db, project.id, inventory.commit.sha);
    expect(detail?.reconciliation).toBeNull();
    expect(detail?.hits).toBeNull();
    expect(detail?.totals.legacyUsages).toBeUndefined();
    expect(detail?.members.some((member) => member.usedBy !== undefined)).toBe(false);
  });

  test("hits stay on the latest scan of each branch: a newer scan clears the older one's, a backfill never clears a newer one's", async () => {
    const first = measured("first", "2026-11-01T00:00:00Z");
    const second = measured("second", "2026-11-08T00:00:00Z");
    const feature = measured("feature", "2026-11-02T00:00:00Z", "feature/x");
    const older = measured("older", "2026-10-01T00:00:00Z");
    await ingestInventory(db, project, first);
    await ingestInventory(db, project, feature);
    expect(await storedHits(db)).toEqual([
      [first.commit.sha, 4],
      [feature.commit.sha, 4],
    ]);
    await ingestInventory(db, project, second);
    // A backfill posting an older commit afterwards: its own hits are dropped, the newer scan keeps its.
    await ingestInventory(db, project, older);
    expect(await storedHits(db)).toEqual([
      [older.commit.sha, null],
      [first.commit.sha, null],
      [feature.commit.sha, 4],
      [second.commit.sha, 4],
    ]);
    // Counts are kept on every scan.
    expect(await db.scan.count({ where: { legacyUsages: 13 } })).toBe(4);
    expect((await getScanDetail(db, project.id, first.commit.sha))?.hits).toBeNull();
    expect((await getScanDetail(db, project.id, first.commit.sha))?.reconciliation?.hitsTotal).toBe(4);
  });

  test("a batch keeps hits on its newest scan of each branch only, and a newer scan without a reconciliation clears them", async () => {
    const batch = ["2026-10-01", "2026-10-15", "2026-10-08"].map((day, index) => measured(`batch-${index}`, `${day}T00:00:00Z`));
    await ingestBatch(db, project, batch);
    expect(await storedHits(db)).toEqual([
      [batch[0]?.commit.sha, null],
      [batch[2]?.commit.sha, null],
      [batch[1]?.commit.sha, 4],
    ]);
    const plain = makeInventory({ sha: fakeSha("plain"), date: "2026-10-20T00:00:00Z" });
    await ingestInventory(db, project, plain);
    expect(await storedHits(db)).toEqual([
      [batch[0]?.commit.sha, null],
      [batch[2]?.commit.sha, null],
      [batch[1]?.commit.sha, null],
      [plain.commit.sha, null],
    ]);
  });

  test("replacing the latest scan keeps its hits; the engine page and the weekly report read usages and the removable flag", async () => {
    const before = measured("week-0", "2026-11-01T00:00:00Z");
    const fewer = {
      ...USED_BY,
      Engine1ExecutionEngine: { files: 1, sites: 2 },
      Engine4ExecutionEngine: { files: 0, sites: 0 },
    };
    const after = withReconciliation(withUsages(makeInventory({ sha: fakeSha("week-1"), date: "2026-11-08T00:00:00Z" }), fewer));
    await ingestInventory(db, project, before);
    await ingestInventory(db, project, after);
    await ingestInventory(db, project, after, { replace: true });
    expect(await storedHits(db)).toEqual([
      [before.commit.sha, null],
      [after.commit.sha, 4],
    ]);

    const legacy = await getEngineHistory(db, project.id, "pkg/engines/engine_4.py::Engine4ExecutionEngine");
    expect(legacy?.usages).toEqual([
      { sha: before.commit.sha, date: "2026-11-01T00:00:00.000Z", files: 1, sites: 1 },
      { sha: after.commit.sha, date: "2026-11-08T00:00:00.000Z", files: 0, sites: 0 },
    ]);
    expect(legacy?.removable).toBe(true);
    const primary = await getEngineHistory(db, project.id, "pkg/engines/engine_0.py::Engine0ExecutionEngine");
    expect(primary?.removable).toBe(false);

    const report = await getWeeklyReport(db, project, {});
    expect(report?.usages.now).toBe(2 + 0 + 5 + 0);
    expect(report?.usages.since).toBe(13);
    expect(report?.usages.removable.map((member) => member.name)).toEqual(["Engine2ExecutionEngine", "Engine4ExecutionEngine"]);
  });
});
