import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DAY_MS } from "@/lib/analytics/plan";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db/client";
import { createProject, ingestInventory } from "@/lib/ingest";
import { loadEngineHistory, loadOverview, loadProject, loadProjectCards, loadScan, loadWeeklyReport } from "@/lib/loaders";
import { getProjectView } from "@/lib/queries";
import { renderReportMarkdown } from "@/lib/report/markdown";
import { fakeSha, makeInventory } from "../factories/inventory";
import { withReconciliation, withUsages } from "../factories/usages";
import { createTestDatabase, type TestDatabase, testDialects } from "../helpers/database";

const NAMES = ["UserExecutionEngine", "Core1ExecutionEngine", "Core2ExecutionEngine"];
/** Week 1 comes from a scanner without usages; weeks 2–5 measure them (legacy usages 40, 32, 25, 16). */
const WEEKS: Array<{ date: string; usedBy: Record<string, { files: number; sites: number }> | null }> = [
  { date: "2026-10-01", usedBy: null },
  {
    date: "2026-10-08",
    usedBy: {
      UserExecutionEngine: { files: 9, sites: 30 },
      Core1ExecutionEngine: { files: 5, sites: 25 },
      Core2ExecutionEngine: { files: 3, sites: 15 },
    },
  },
  {
    date: "2026-10-15",
    usedBy: {
      UserExecutionEngine: { files: 11, sites: 38 },
      Core1ExecutionEngine: { files: 4, sites: 20 },
      Core2ExecutionEngine: { files: 3, sites: 12 },
    },
  },
  {
    date: "2026-10-22",
    usedBy: {
      UserExecutionEngine: { files: 12, sites: 45 },
      Core1ExecutionEngine: { files: 3, sites: 15 },
      Core2ExecutionEngine: { files: 2, sites: 10 },
    },
  },
  {
    date: "2026-10-29",
    usedBy: {
      UserExecutionEngine: { files: 14, sites: 52 },
      Core1ExecutionEngine: { files: 2, sites: 16 },
      Core2ExecutionEngine: { files: 0, sites: 0 },
    },
  },
];
const shaOf = (date: string) => fakeSha(`usages-${date}`);
const PARAMS = { range: "all", granularity: "scan", stack: "classification", format: "json" } as const;

describe.each(testDialects())("usages series from a seeded store on %s", (dialect) => {
  let store: TestDatabase;
  const savedUrl = process.env.DATABASE_URL;

  beforeEach(async () => {
    store = await createTestDatabase(dialect);
    process.env.DATABASE_URL = store.url;
    const project = await createProject(store.db, {
      slug: "engines",
      name: "Engines",
      repoUrl: null,
      tokenHash: hashToken(generateToken()),
    });
    for (const week of WEEKS) {
      const plain = makeInventory({ sha: shaOf(week.date), date: `${week.date}T12:00:00Z`, memberNames: NAMES, target: 1 });
      await ingestInventory(store.db, project, week.usedBy ? withReconciliation(withUsages(plain, week.usedBy)) : plain);
    }
  });

  afterEach(async () => {
    await getDb().$disconnect();
    await store.dispose();
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
  });

  test("the series carries legacy usages per scan (null where not measured) and its own forecast to 0", async () => {
    const project = await loadProject("engines");
    if (!project) throw new Error("project not loaded");
    const { view, latestScan } = await loadOverview(project, PARAMS);
    expect(view.points.map((point) => point.legacyUsages)).toEqual([null, 40, 32, 25, 16]);
    expect(view.weekAgo?.legacyUsages).toBe(25);

    const now = Date.parse("2026-11-01T00:00:00Z");
    const pinned = await getProjectView(getDb(), project, PARAMS, { now });
    // Least squares over the four measured scans (days 0, 7, 14, 21; 40, 32, 25, 16): slope −276.5/245 a day.
    const slope = -276.5 / 245;
    const last = Date.parse("2026-10-29T12:00:00Z");
    expect(pinned.usagesForecast.state).toBe("forecast");
    expect(pinned.usagesForecast.pointsUsed).toBe(4);
    expect(pinned.usagesForecast.slopePerDay).toBeCloseTo(slope, 12);
    expect(pinned.usagesForecast.intercept).toBe(16);
    expect(pinned.usagesForecast.eta).toBe(new Date(Math.round(last + (-16 / slope) * DAY_MS)).toISOString());
    expect(pinned.usagesForecast.eta).toBe("2026-11-12T16:15:11.392Z");
    expect(pinned.usagesForecast.overdue).toBe(false);

    // The latest scan keeps its hits; the members carry usedBy and Core2 is removable.
    expect(latestScan?.hits).toHaveLength(4);
    expect(latestScan?.members.map((member) => [member.name, member.usedBy]).sort()).toEqual([
      ["Core1ExecutionEngine", { files: 2, sites: 16 }],
      ["Core2ExecutionEngine", { files: 0, sites: 0 }],
      ["UserExecutionEngine", { files: 14, sites: 52 }],
    ]);
    const cards = await loadProjectCards();
    expect(cards.find((card) => card.slug === "engines")?.latest?.legacyUsages).toBe(16);
  });

  test("the engine page, the scan page and the weekly report read usages; an old scan says not measured", async () => {
    const project = await loadProject("engines");
    if (!project) throw new Error("project not loaded");
    const history = await loadEngineHistory(project, "pkg/engines/core2executionengine.py::Core2ExecutionEngine");
    expect(history?.usages.map((usage) => usage.sites)).toEqual([null, 15, 12, 10, 0]);
    expect(history?.removable).toBe(true);

    const old = await loadScan(project, shaOf("2026-10-01"));
    expect(old?.scan.totals.legacyUsages).toBeUndefined();
    expect(old?.scan.reconciliation).toBeNull();

    const report = await loadWeeklyReport("engines", undefined, undefined);
    expect(report?.usages).toEqual({
      now: 16,
      since: 25,
      removable: [
        {
          key: "pkg/engines/core2executionengine.py::Core2ExecutionEngine",
          name: "Core2ExecutionEngine",
          file: "pkg/engines/core2executionengine.py",
          line: 12,
          classification: "core",
        },
      ],
    });
    if (!report) throw new Error("no report");
    const markdown = renderReportMarkdown(report, "https://converge.example");
    expect(markdown).toContain("**Legacy usages:** 16 (before: 25, −9)");
    expect(markdown).toContain(
      "**No usages: removable (1)**\n\n- Core2ExecutionEngine (Core duplicate, pkg/engines/core2executionengine.py:12)",
    );
  });
});
