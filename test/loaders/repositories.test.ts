import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type CommittedPortfolio, INVENTORY_SCHEMA_VERSION } from "@/lib/contract/inventory";
import { createRepository, ingestPortfolio } from "@/lib/ingest/repositories";
import {
  getProjectFamily,
  getRepository,
  getRepositoryCards,
  getRepositoryOverview,
  getRepositoryReport,
  type LoadedRepository,
} from "@/lib/queries/repositories";
import { getDb } from "@/lib/db/client";
import { repositorySharedAccess } from "@/lib/loaders/repositories";
import { renderRepositoryReportMarkdown } from "@/lib/report/repository";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, type TestDatabase, testDialects } from "../helpers/database";

const WEEKS = ["2026-10-01", "2026-10-08", "2026-10-15"] as const;
const shaOf = (date: string) => fakeSha(`repository-${date}`);

/** Counts per week (null: the family is not in that week's config yet). */
const FAMILIES: Array<{ slug: string; name: string; target: number; counts: Array<number | null>; issue: string | null }> = [
  { slug: "websocket", name: "WebSocket manager", target: 2, counts: [6, 5, 3], issue: "https://github.com/example/repo/issues/680" },
  { slug: "database", name: "Database layer", target: 1, counts: [4, 4, 4], issue: null },
  { slug: "logging", name: "Logging", target: 5, counts: [3, 4, 6], issue: null },
  { slug: "agents", name: "Agent registry", target: 3, counts: [5, 3, 2], issue: null },
  { slug: "registry", name: "Tool registry", target: 1, counts: [null, null, 3], issue: null },
];

function portfolioOf(week: number): CommittedPortfolio {
  const date = `${WEEKS[week]}T12:00:00.000Z`;
  const sha = shaOf(WEEKS[week] ?? "");
  const families = FAMILIES.flatMap((family) => {
    const count = family.counts[week];
    if (count === null || count === undefined) return [];
    const names = Array.from({ length: count }, (_, index) => `${family.slug}${index}Manager`);
    const inventory = makeInventory({ sha, date, memberNames: names, target: family.target });
    return [{ ...inventory, slug: family.slug, name: family.name, issue: family.issue }];
  });
  const first = families[0];
  if (!first) throw new Error("no family");
  return { schemaVersion: INVENTORY_SCHEMA_VERSION, kind: "portfolio", scanner: first.scanner, commit: first.commit, families };
}

const NOW = Date.parse("2026-10-16T12:00:00Z");

describe.each(testDialects())("repository reads on %s", (dialect) => {
  let store: TestDatabase;
  let repository: LoadedRepository;
  let shareKey: string;

  beforeEach(async () => {
    store = await createTestDatabase(dialect);
    const created = await createRepository(store.db, { slug: "ssot", name: "SSOT", repoUrl: null });
    if (!created) throw new Error("repository not created");
    shareKey = created.shareKey;
    for (const week of WEEKS.keys()) await ingestPortfolio(store.db, created.repository, portfolioOf(week));
    const loaded = await getRepository(store.db, "ssot");
    if (!loaded) throw new Error("repository missing");
    repository = loaded;
  });

  afterEach(async () => {
    await store.dispose();
  });

  test("the overview has one exact row per family, judged like its project", async () => {
    const overview = await getRepositoryOverview(store.db, repository, { now: NOW });
    expect(
      overview.families.map((row) => [
        row.family,
        row.project,
        row.status,
        row.latest?.counted,
        row.target,
        row.change,
        row.sparkline,
        row.checksFailed,
        row.issueUrl,
      ]),
    ).toEqual([
      ["agents", "ssot--agents", "done", 2, 3, -1, [5, 3, 2], 0, null],
      ["database", "ssot--database", "at-risk", 4, 1, 0, [4, 4, 4], 1, null],
      ["logging", "ssot--logging", "at-risk", 6, 5, 2, [3, 4, 6], 1, null],
      ["registry", "ssot--registry", "at-risk", 3, 1, null, [3], 1, null],
      ["websocket", "ssot--websocket", "on-track", 3, 2, -2, [6, 5, 3], 1, "https://github.com/example/repo/issues/680"],
    ]);
    expect(overview.summary).toEqual({
      families: 5,
      statuses: { done: 1, "on-track": 1, "at-risk": 3, late: 0, empty: 0, "no-data": 0, stale: 0 },
      counted: 18,
      target: 12,
      change: -1,
      headline: "5 consolidations · 1 on track",
    });
    expect(overview.combined).toEqual([
      {
        date: "2026-10-01T12:00:00.000Z",
        total: 18,
        target: 11,
        byFamily: { agents: 5, database: 4, logging: 3, registry: 0, websocket: 6 },
      },
      {
        date: "2026-10-08T12:00:00.000Z",
        total: 16,
        target: 11,
        byFamily: { agents: 3, database: 4, logging: 4, registry: 0, websocket: 5 },
      },
      {
        date: "2026-10-15T12:00:00.000Z",
        total: 18,
        target: 12,
        byFamily: { agents: 2, database: 4, logging: 6, registry: 3, websocket: 3 },
      },
    ]);
    const families = (list: Array<{ family: string; change: number }>) => list.map((item) => [item.family, item.change]);
    expect(families(overview.moved.shrank)).toEqual([
      ["websocket", -2],
      ["agents", -1],
    ]);
    expect(families(overview.moved.grew)).toEqual([["logging", 2]]);
    expect(families(overview.moved.stalled)).toEqual([["database", 0]]);
  });

  test("a stored tracking issue that is not http(s) is never handed out", async () => {
    await store.db.project.update({ where: { slug: "ssot--database" }, data: { issueUrl: "javascript:alert(1)" } });
    const overview = await getRepositoryOverview(store.db, repository, { now: NOW });
    expect(overview.families.find((row) => row.family === "database")?.issueUrl).toBeNull();
    expect(await getProjectFamily(store.db, "ssot--database")).toEqual({
      repository: { slug: "ssot", name: "SSOT" },
      family: "database",
      issueUrl: null,
    });
    expect((await getProjectFamily(store.db, "ssot--websocket"))?.issueUrl).toBe("https://github.com/example/repo/issues/680");
  });

  test("the overview pinned to an earlier moment ignores later scans", async () => {
    const overview = await getRepositoryOverview(store.db, repository, { until: new Date("2026-10-08T12:00:00Z") });
    expect(overview.families.map((row) => [row.family, row.latest?.counted ?? null, row.change])).toEqual([
      ["agents", 3, -2],
      ["database", 4, 0],
      ["logging", 4, 1],
      ["registry", null, null],
      ["websocket", 5, -1],
    ]);
    expect(overview.families.find((row) => row.family === "registry")?.status).toBe("no-data");
  });

  test("the cards list the repository with its family projects", async () => {
    const cards = await getRepositoryCards(store.db, NOW);
    expect(cards.map((card) => [card.repository.slug, card.summary.headline, card.projects])).toEqual([
      ["ssot", "5 consolidations · 1 on track", ["ssot--agents", "ssot--database", "ssot--logging", "ssot--registry", "ssot--websocket"]],
    ]);
  });

  test("the weekly report has a row and a section per family, pinned to the commit", async () => {
    const report = await getRepositoryReport(store.db, repository, {});
    if (!report) throw new Error("no report");
    expect(report.at).toEqual({ sha: shaOf("2026-10-15"), date: "2026-10-15T12:00:00.000Z" });
    expect(report.permalink).toBe(`/r/ssot/report?at=${shaOf("2026-10-15")}`);
    expect(report.rows.map((row) => [row.family, row.before, row.now, row.change, row.target])).toEqual([
      ["agents", 3, 2, -1, 3],
      ["database", 4, 4, 0, 1],
      ["logging", 4, 6, 2, 5],
      ["registry", 3, 3, 0, 1],
      ["websocket", 5, 3, -2, 2],
    ]);
    expect(report.families.map((family) => [family.family, family.report?.since.commit.sha])).toEqual([
      ["agents", shaOf("2026-10-08")],
      ["database", shaOf("2026-10-08")],
      ["logging", shaOf("2026-10-08")],
      ["registry", shaOf("2026-10-15")],
      ["websocket", shaOf("2026-10-08")],
    ]);
    const websocket = report.families.find((family) => family.family === "websocket")?.report;
    expect(websocket?.diff.removed.map((member) => member.name)).toEqual(["websocket3Manager", "websocket4Manager"]);

    const earlier = await getRepositoryReport(store.db, repository, { at: shaOf("2026-10-08").slice(0, 10), since: "2026-10-01" });
    expect(earlier?.rows.map((row) => [row.family, row.before, row.now])).toEqual([
      ["agents", 5, 3],
      ["database", 4, 4],
      ["logging", 3, 4],
      ["registry", null, null],
      ["websocket", 6, 5],
    ]);
    expect(await getRepositoryReport(store.db, repository, { at: "0000000" })).toBeNull();

    const markdown = renderRepositoryReportMarkdown(report, "https://converge.example");
    for (const family of FAMILIES) expect(markdown).toContain(`### ${family.name}`);
    expect(markdown).toContain("| WebSocket manager | On track | 5 | 3 | −2 | 2 |");
    // These scans did not measure usages: no usages line rather than a 0.
    expect(markdown).not.toContain("Legacy usages");
    const measured = {
      ...report,
      families: report.families.map((family) =>
        family.family === "websocket" && family.report
          ? {
              ...family,
              report: {
                ...family.report,
                usages: {
                  now: 12,
                  since: 15,
                  removable: [
                    { key: "ws/old.py::Old|Manager", name: "Old|Manager", file: "ws/old.py", line: 1, classification: "core" as const },
                  ],
                },
              },
            }
          : family,
      ),
    };
    expect(renderRepositoryReportMarkdown(measured, "https://converge.example")).toContain(
      "**Legacy usages:** 12 (−3 since 15) · **removable now:** Old\\|Manager",
    );
  });

  test("on a private instance the badge and preview open with the repository's share key or the read token", async () => {
    const saved = { DATABASE_URL: process.env.DATABASE_URL, CONVERGE_READ_TOKEN: process.env.CONVERGE_READ_TOKEN };
    process.env.DATABASE_URL = store.url;
    process.env.CONVERGE_READ_TOKEN = "read-token-for-tests";
    try {
      const at = (query: string, headers: Record<string, string> = {}) =>
        repositorySharedAccess(new Request(`http://converge.test/r/ssot/badge.svg${query}`, { headers }), "ssot");
      expect(await at(`?key=${shareKey}`)).toEqual({ ok: true, via: "share-key" });
      expect(await at("", { authorization: "Bearer read-token-for-tests" })).toEqual({ ok: true, via: "read-token" });
      const denied = await at("?key=wrong");
      expect(denied.ok).toBe(false);
      if (!denied.ok) expect(denied.response.status).toBe(401);
      process.env.CONVERGE_READ_TOKEN = "";
      expect(await at("")).toEqual({ ok: true, via: "public" });
    } finally {
      await getDb().$disconnect();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
