// A families config backfills every family in one pass over history (issue #12, item 8): the same
// inventories, commit by commit, as one backfill per family; a family added to the config re-parses
// only what its own prefilter selects, the other families answer from their blob-cache tables.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InventorySchema, PortfolioInventorySchema, type Inventory, type PortfolioInventory } from "@/lib/contract/inventory";
import { planBackfill, runBackfill, type BackfillOptions, type BackfillStats } from "@/lib/history";
import { main } from "@/cli/main";
import {
  buildPortfolioFixture,
  EXECUTION_FAMILY,
  FOUR_FAMILY_CONFIG,
  SINGLE_FAMILY_CONFIGS,
  THREE_FAMILY_CONFIG,
  type PortfolioFixture,
} from "../helpers/portfolio-fixture";
import { capture } from "./io";

async function backfill(options: BackfillOptions): Promise<{ lines: string[]; stats: BackfillStats }> {
  const plan = await planBackfill(options);
  const run = runBackfill(plan, options);
  const lines: string[] = [];
  for await (const event of run.events) lines.push(event.kind === "scan" ? event.json : `${event.kind} ${event.commit.sha}`);
  return { lines, stats: run.stats() };
}

/** A family's element of a portfolio, without what the portfolio adds: the inventory a one-family backfill gives. */
function bare(family: PortfolioInventory["families"][number]): Inventory {
  const { slug: _slug, name: _name, issue: _issue, ...inventory } = family;
  return inventory;
}

describe("backfill of a families config", () => {
  let fixture: PortfolioFixture;
  let outside: string;
  const configFile = (name: string, config: unknown) => {
    const file = join(outside, name);
    writeFileSync(file, JSON.stringify(config));
    return file;
  };

  beforeAll(() => {
    fixture = buildPortfolioFixture();
    outside = mkdtempSync(join(tmpdir(), "converge-portfolio-configs-"));
  });

  afterAll(() => {
    fixture.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  test("a four-family outside config equals four one-family backfills, commit by commit", async () => {
    const four = configFile("four.json", FOUR_FAMILY_CONFIG);
    const io = capture({} as NodeJS.ProcessEnv, outside);
    expect(await main(["backfill", fixture.dir, "--every", "commit", "--config", four, "--no-cache", "--format", "ndjson"], io)).toBe(0);
    const portfolios = io.out
      .trim()
      .split("\n")
      .map((line) => PortfolioInventorySchema.parse(JSON.parse(line)));
    expect(portfolios.map((p) => p.commit.sha)).toEqual(fixture.commits);
    for (const portfolio of portfolios) {
      expect(portfolio.kind).toBe("portfolio");
      expect(portfolio.families.map((f) => f.slug)).toEqual(["websocket", "agent-registry", "database", "execution"]);
      expect(portfolio.families.map((f) => f.issue)).toEqual([
        "https://github.com/acme/netra/issues/1104",
        "https://github.com/acme/netra/issues/1116",
        null,
        null,
      ]);
      expect(portfolio.families[3]?.name).toBe(EXECUTION_FAMILY.name);
    }

    for (const [at, slug] of ["websocket", "agent-registry", "database", "execution"].entries()) {
      const single = configFile(`${slug}.json`, SINGLE_FAMILY_CONFIGS[slug]);
      const one = await backfill({ repo: fixture.dir, every: "commit", configPath: single, cacheDir: null });
      const inventories = one.lines.map((line) => InventorySchema.parse(JSON.parse(line)));
      expect(inventories.map((i) => i.commit.sha)).toEqual(fixture.commits);
      for (const [index, inventory] of inventories.entries()) {
        const family = (portfolios[index] as PortfolioInventory).families[at];
        if (!family) throw new Error(`no ${slug} in the portfolio of ${inventory.commit.sha}`);
        expect(family.slug).toBe(slug);
        expect(bare(family)).toEqual(inventory);
      }
    }

    // The history the fixture wrote, as the portfolio backfill saw it.
    const counted = (slug: string) =>
      portfolios.map((p) =>
        p.families
          .find((f) => f.slug === slug)
          ?.members.map((m) => m.key)
          .sort(),
      );
    expect(counted("websocket")[0]).toEqual([
      "netra_backend/app/services/websocket/manager_factory.py::WebSocketManager",
      "netra_backend/app/services/websocket/manager_factory.py::WebSocketManagerAlias",
      "netra_backend/app/websocket_core/legacy/websocket_manager.py::WebSocketManager",
      "netra_backend/app/websocket_core/unified_manager.py::UnifiedWebSocketManager",
    ]);
    expect(counted("execution")[4]).toEqual([
      "netra_backend/app/agents/engines/data_execution_engine.py::DataExecutionEngine",
      "netra_backend/app/agents/execution_engine.py::UserExecutionEngine",
    ]);
  });

  test("a family that matches nothing in every commit is named in a warning; the others are not", async () => {
    const ghost = { slug: "ghost", name: "Ghosts", pattern: "GhostManagerXyz", target: 1 };
    const config = configFile("ghost.json", { ...FOUR_FAMILY_CONFIG, families: [FOUR_FAMILY_CONFIG.families[0], ghost] });
    const io = capture({} as NodeJS.ProcessEnv, outside);
    expect(await main(["backfill", fixture.dir, "--every", "commit", "--config", config, "--no-cache", "--no-progress"], io)).toBe(0);
    const files = Math.max(
      ...io.out
        .trim()
        .split("\n")
        .map((line) => PortfolioInventorySchema.parse(JSON.parse(line)).families[1]?.files.scanned ?? 0),
    );
    expect(files).toBeGreaterThan(10);
    expect(io.err).toContain(
      `warning: family ghost: no members match /GhostManagerXyz/ in ${files} files: check pattern, include and exclude\n`,
    );
    expect(io.err).not.toContain("family websocket");
    expect(io.err).toMatch(/^backfill: 8 of 8 commits sampled \(every commit\); 2 families in one pass; 8 scanned; /);
  });

  test("a file version two families need is parsed once for both", async () => {
    // "Manager" selects every file the WebSocket and database families parse (its exclude keeps tests, as the database's does).
    const managers = { slug: "managers", name: "Every manager", pattern: "Manager", target: 1, exclude: [] };
    const families = [FOUR_FAMILY_CONFIG.families[0], FOUR_FAMILY_CONFIG.families[2], managers];
    const overlapping = configFile("overlapping.json", { ...FOUR_FAMILY_CONFIG, families });
    const base = { repo: fixture.dir, every: "commit" as const, cacheDir: null };
    const together = await backfill({ ...base, configPath: overlapping });
    const runs = await Promise.all(
      [SINGLE_FAMILY_CONFIGS.websocket, SINGLE_FAMILY_CONFIGS.database, { ...managers, include: FOUR_FAMILY_CONFIG.include }].map(
        (config, at) =>
          backfill({ ...base, configPath: configFile(`overlap-${at}.json`, { ...config, slug: undefined, name: undefined }) }),
      ),
    );
    const [websocket, database, every] = runs.map((run) => run.stats.blobsParsed) as [number, number, number];
    expect(websocket).toBeGreaterThan(0);
    expect(database).toBeGreaterThan(0);
    expect(together.stats.blobsParsed).toBe(every);
    expect(together.stats.blobsRead).toBe(runs[2]?.stats.blobsRead);
  });

  test("adding a family re-parses only the blobs its prefilter selects; the others answer from their cache tables", async () => {
    const cacheDir = join(outside, "cache");
    const three = configFile("three.json", THREE_FAMILY_CONFIG);
    const four = configFile("four-again.json", FOUR_FAMILY_CONFIG);
    const execution = configFile("execution-only.json", SINGLE_FAMILY_CONFIGS.execution);
    const base = { repo: fixture.dir, every: "commit" as const };

    const first = await backfill({ ...base, configPath: three, cacheDir });
    // One pass: every file version any family selects is read once, and parsed at most once for all.
    expect(first.stats.blobsRead).toBe(first.stats.blobVersions);
    const alone = await Promise.all(
      ["websocket", "agent-registry", "database"].map((slug) =>
        backfill({ ...base, configPath: configFile(`alone-${slug}.json`, SINGLE_FAMILY_CONFIGS[slug]), cacheDir: null }),
      ),
    );
    // The one pass parses what the three runs parse together, less the file versions several families
    // parse (with usages, a file naming a family is parsed for it): the agent bridge defines a WebSocket
    // manager and an agent registry, and with the health check and one more they are 3, each parsed once for all.
    expect(first.stats.blobsParsed).toBe(alone.reduce((sum, run) => sum + run.stats.blobsParsed, 0) - 3);

    const added = await backfill({ ...base, configPath: four, cacheDir });
    const executionAlone = await backfill({ ...base, configPath: execution, cacheDir: null });
    expect(executionAlone.stats.blobsParsed).toBeGreaterThan(0);
    expect(added.stats.blobsParsed).toBe(executionAlone.stats.blobsParsed);
    expect(added.stats.blobsRead).toBe(executionAlone.stats.blobsRead);
    expect(added.stats.inventoryHits).toBe(0);

    // What came from the cache tables is exactly what a run without any cache computes.
    const fresh = await backfill({ ...base, configPath: four, cacheDir: null });
    expect(added.lines).toEqual(fresh.lines);

    // The same four families again: every commit is replayed whole, no blob is read.
    const replayed = await backfill({ ...base, configPath: four, cacheDir });
    expect(replayed.stats.inventoryHits).toBe(fixture.commits.length);
    expect(replayed.stats.blobsRead).toBe(0);
    expect(replayed.lines).toEqual(fresh.lines);
    expect([...replayed.stats.families.keys()]).toEqual(["websocket", "agent-registry", "database", "execution"]);
    expect(replayed.stats.families.get("execution")?.members).toBe(fresh.stats.families.get("execution")?.members);
  });
});
