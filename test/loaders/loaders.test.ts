import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { CHECK_IDS } from "@/lib/contract/inventory";
import { getDb } from "@/lib/db/client";
import { createProject, ingestInventory } from "@/lib/ingest";
import { reportHref } from "@/lib/links";
import {
  loadBadge,
  loadComparison,
  loadEngineHistory,
  loadEngineName,
  loadOgImage,
  loadOverview,
  loadProject,
  loadProjectCards,
  loadScan,
  loadWeeklyReport,
  sharedRouteDenied,
} from "@/lib/loaders";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, type TestDatabase, testDialects } from "../helpers/database";

const names = (count: number) => ["UserExecutionEngine", ...Array.from({ length: count - 1 }, (_, i) => `Core${i + 1}ExecutionEngine`)];
const WEEKS = ["2026-10-01", "2026-10-08", "2026-10-15"];
const COUNTS = [6, 5, 3];
const shaOf = (date: string) => fakeSha(`loaders-${date}`);

/** The loaders read through the process's own client (getDb), as a server does: point it at a fresh store. */
describe.each(testDialects())("page loaders on %s", (dialect) => {
  let store: TestDatabase;
  const savedEnv = { DATABASE_URL: process.env.DATABASE_URL, CONVERGE_READ_TOKEN: process.env.CONVERGE_READ_TOKEN };

  beforeEach(async () => {
    store = await createTestDatabase(dialect);
    process.env.DATABASE_URL = store.url;
    const project = await createProject(store.db, {
      slug: "engines",
      name: "Engines",
      repoUrl: null,
      tokenHash: hashToken(generateToken()),
      shareKey: "share-key-for-tests",
    });
    for (const [index, date] of WEEKS.entries()) {
      const inventory = makeInventory({ sha: shaOf(date), date: `${date}T12:00:00Z`, memberNames: names(COUNTS[index] ?? 1), target: 4 });
      await ingestInventory(store.db, project, inventory);
    }
    await createProject(store.db, { slug: "empty", name: "Empty", repoUrl: null, tokenHash: hashToken(generateToken()) });
  });

  afterEach(async () => {
    await getDb().$disconnect();
    await store.dispose();
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const project = async (slug = "engines") => {
    const loaded = await loadProject(slug);
    if (!loaded) throw new Error(`project ${slug} missing`);
    return loaded;
  };

  test("a project by slug, or null for an unknown one; the home page's cards list every project", async () => {
    expect((await project()).name).toBe("Engines");
    expect(await loadProject("nope")).toBeNull();
    expect((await loadProjectCards()).map((card) => card.slug)).toEqual(["empty", "engines"]);
  });

  test("the overview pairs the view's latest scan with its detail, its checks and the week's change", async () => {
    const latestSha = shaOf("2026-10-15");
    const overview = await loadOverview(await project(), { range: "all", granularity: "scan", stack: "classification", format: "json" });
    expect(overview.view.latest?.sha).toBe(latestSha);
    expect(overview.view.points.map((point) => point.counted)).toEqual(COUNTS);
    expect(overview.latestScan?.commit.sha).toBe(latestSha);
    expect(overview.checks.scan?.commit.sha).toBe(latestSha);
    expect(overview.checks.checks.length).toBeGreaterThan(0);
    expect(overview.sinceLastWeek?.to.commit.sha).toBe(latestSha);
    expect(overview.sinceLastWeek?.from.commit.sha).toBe(shaOf("2026-10-08"));

    const empty = await loadOverview(await project("empty"), {
      range: "all",
      granularity: "scan",
      stack: "classification",
      format: "json",
    });
    expect(empty).toMatchObject({ latestScan: null, sinceLastWeek: null, checks: { scan: null, checks: [] } });
  });

  test("a scan with its neighbours; an unknown commit is null", async () => {
    const middle = await loadScan(await project(), shaOf("2026-10-08"));
    expect(middle?.adjacent).toEqual({ previous: shaOf("2026-10-01"), next: shaOf("2026-10-15") });
    expect(await loadScan(await project(), "0000000")).toBeNull();
  });

  test("a comparison by SHAs, or since last week without both ends, with the scans to pick from", async () => {
    const requested = await loadComparison(await project(), { from: shaOf("2026-10-01"), to: shaOf("2026-10-15") });
    expect(requested.comparison?.diff.removed.length).toBe(COUNTS[0]! - COUNTS[2]!);
    expect(requested.scans.map((scan) => scan.commit.sha)).toEqual([...WEEKS].reverse().map(shaOf));
    const sinceLastWeek = await loadComparison(await project(), null);
    expect(sinceLastWeek.comparison?.from.commit.sha).toBe(shaOf("2026-10-08"));
  });

  test("members by key: name and history; an unknown key is null", async () => {
    const latest = (await loadScan(await project(), shaOf("2026-10-15")))?.scan;
    const member = latest?.members.find((candidate) => candidate.name === "UserExecutionEngine");
    if (!member) throw new Error("primary member missing");
    const loaded = await project();
    expect(await loadEngineName(loaded.id, member.key)).toBe("UserExecutionEngine");
    expect((await loadEngineHistory(loaded, member.key))?.key).toBe(member.key);
    expect(await loadEngineName(loaded.id, "no/such.py::Member")).toBeNull();
  });

  test("the weekly report is pinned to SHAs; an unknown project has none", async () => {
    const report = await loadWeeklyReport("engines", undefined, undefined);
    expect(report?.permalink).toBe(reportHref("engines", { at: shaOf("2026-10-15"), since: shaOf("2026-10-08") }));
    expect(await loadWeeklyReport("nope", undefined, undefined)).toBeNull();
  });

  test("badge numbers: the checks tally only for the checks metric", async () => {
    const count = await loadBadge(await project(), "count");
    expect(count.checks).toBeNull();
    expect(count.headline.latest?.counted).toBe(COUNTS[2]);
    const checks = await loadBadge(await project(), "checks");
    // The latest scan counts 3 against a target of 4, so every check of the inventory passed.
    expect(checks.checks).toEqual({ passed: CHECK_IDS.length, failed: 0 });
  });

  test("the preview image pins its numbers to `at` when it resolves, and ignores a ref that does not", async () => {
    const pinned = await loadOgImage(await project(), shaOf("2026-10-08"));
    expect(pinned.scan?.commitSha).toBe(shaOf("2026-10-08"));
    expect(pinned.headline.latest?.counted).toBe(COUNTS[1]);
    for (const at of [null, "not a ref", "2020-01-01"]) {
      const unpinned = await loadOgImage(await project(), at);
      expect(unpinned.scan).toBeNull();
      expect(unpinned.headline.latest?.counted).toBe(COUNTS[2]);
    }
  });

  test("shared routes: open on a public instance; on a private one only with the share key or the read token", async () => {
    const badge = (query = "") => new Request(`http://converge.test/p/engines/badge.svg${query}`);
    delete process.env.CONVERGE_READ_TOKEN;
    expect(await sharedRouteDenied(badge(), "engines")).toBeNull();
    process.env.CONVERGE_READ_TOKEN = "read-token-for-tests";
    expect((await sharedRouteDenied(badge(), "engines"))?.status).toBe(401);
    expect((await sharedRouteDenied(badge("?key=wrong"), "engines"))?.status).toBe(401);
    expect(await sharedRouteDenied(badge("?key=share-key-for-tests"), "engines")).toBeNull();
    expect((await sharedRouteDenied(badge("?key=share-key-for-tests"), "empty"))?.status).toBe(401);
  });
});
