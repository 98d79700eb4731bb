// One pass for every family (issue #12): the three-family fixture scanned once gives each family
// exactly what a one-family scan of it gives; each file is parsed at most once; the portfolio
// prefilter's verdicts per family; the multi extractor equals one extractor per family.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Inventory } from "@/lib/contract/inventory";
import { parseConfigValue, parsePortfolioValue, toExtractOptions, type ResolvedConfig } from "@/lib/scanner/config";
import { createExtractor, createMultiExtractor } from "@/lib/scanner/extract";
import type { CommandIo } from "@/cli/errors";
import { main } from "@/cli/main";
import { scanDirectory, type ScanResult } from "@/lib/scanner/scan";
import { PortfolioPrefilter, Prefilter } from "@/lib/sources/prefilter";
import {
  buildPortfolioFixture,
  DEEP_WS,
  FOUR_FAMILY_CONFIG,
  SINGLE_FAMILY_CONFIGS,
  type PortfolioFixture,
} from "@/test/helpers/portfolio-fixture";
import { FIXED_COMMIT } from "./helpers";

let fixture: PortfolioFixture;
let portfolio: ScanResult;
const single = new Map<string, ScanResult>();

function oneFamily(slug: string): ResolvedConfig {
  const file = SINGLE_FAMILY_CONFIGS[slug];
  if (!file) throw new Error(`no family ${slug}`);
  return parseConfigValue(file, `${slug}.json`);
}

/** Files a scan parsed: an extraction that is neither screened out nor skipped unread. */
function parsedFiles(result: ScanResult): string[] {
  return result.extractions.filter((e) => e.status !== "no-match" && e.status !== "skipped").map((e) => e.file);
}

function byKey(inventory: Inventory): Array<[string, string, boolean]> {
  return inventory.members.map((m) => [m.key, m.classification, m.deprecated]);
}

const WS_MEMBERS: Array<[string, string, boolean]> = [
  ["frontend/src/services/websocket/WebSocketManager.ts::WebSocketManager", "core", false],
  ["netra_backend/app/agents/websocket_bridge.py::AgentWebSocketManager", "core", false],
  ["netra_backend/app/services/websocket/manager_factory.py::WebSocketManager", "core", false],
  [`${DEEP_WS}/isolated_websocket_manager.py::IsolatedWebSocketManagerForPerUserExecutionContextIsolation`, "core", false],
  ["netra_backend/app/websocket_core/unified_manager.py::UnifiedWebSocketManager", "primary", false],
];
const REGISTRY_MEMBERS: Array<[string, string, boolean]> = [
  ["frontend/src/agents/index.ts::LegacyAgentRegistry", "legacy", false],
  ["frontend/src/agents/registry/AgentRegistry.ts::AgentRegistry", "primary", false],
  ["frontend/src/agents/registry/ToolAgentRegistry.ts::ToolAgentRegistry", "core", false],
  ["netra_backend/app/agents/websocket_bridge.py::WebSocketAgentRegistry", "core", false],
];
const DATABASE_MEMBERS: Array<[string, string, boolean]> = [
  ["netra_backend/app/db/__init__.py::LegacyDatabaseManager", "legacy", false],
  ["netra_backend/app/db/database_manager.py::DatabaseManager", "primary", false],
  ["netra_backend/app/db/legacy/clickhouse_database_manager.py::ClickHouseDatabaseManager", "legacy", true],
  ["netra_backend/tests/db/test_database.py::FakeDatabaseManager", "support", false],
];

beforeAll(async () => {
  fixture = buildPortfolioFixture();
  // The fixture's own converge.config.json: three families.
  portfolio = await scanDirectory(fixture.dir, { commit: FIXED_COMMIT, workers: 0 });
  for (const slug of ["websocket", "agent-registry", "database", "execution"]) {
    single.set(slug, await scanDirectory(fixture.dir, { config: oneFamily(slug), commit: FIXED_COMMIT, workers: 0 }));
  }
}, 120_000);

afterAll(() => fixture?.dispose());

describe("a portfolio scan", () => {
  it("scans the three families of the repository's config in one pass", () => {
    expect(portfolio.portfolio.multi).toBe(true);
    expect(portfolio.plan).toEqual({ kind: "own", file: join(fixture.dir, "converge.config.json").replace(`${process.cwd()}/`, "") });
    expect(portfolio.families.map((f) => [f.config.slug, f.config.name])).toEqual([
      ["websocket", "WebSocket manager"],
      ["agent-registry", "Agent registry"],
      ["database", "Database layer"],
    ]);
    // Callers that scan one family read the first.
    expect(portfolio.inventory).toBe(portfolio.families[0]?.inventory);
  });

  it("gives each family exactly the inventory a one-family scan of it gives: members by key, totals, checks, files", () => {
    const expected: Record<string, Array<[string, string, boolean]>> = {
      websocket: WS_MEMBERS,
      "agent-registry": REGISTRY_MEMBERS,
      database: DATABASE_MEMBERS,
    };
    for (const family of portfolio.families) {
      const slug = family.config.slug as string;
      const alone = single.get(slug) as ScanResult;
      expect(byKey(family.inventory), slug).toEqual(expected[slug]);
      expect(byKey(alone.inventory), slug).toEqual(expected[slug]);
      expect(family.inventory, slug).toEqual(alone.inventory);
      expect(family.extractions, slug).toEqual(alone.extractions);
    }
    const [ws, registry, database] = portfolio.families.map((f) => f.inventory);
    expect([ws?.totals.members, ws?.totals.names, ws?.totals.counted]).toEqual([5, 4, 4]);
    expect([registry?.totals.members, registry?.totals.names, registry?.totals.counted]).toEqual([4, 4, 4]);
    // Definitions are this family's unit; the test double is support (not counted).
    expect([database?.totals.members, database?.totals.names, database?.totals.counted]).toEqual([4, 4, 3]);
    const failing = (inventory: Inventory | undefined) => inventory?.checks.filter((c) => !c.passed).map((c) => c.id);
    expect(failing(ws)).toEqual(["count-within-target", "constructor-signatures", "one-definition-per-name"]);
    expect(failing(registry)).toEqual(["count-within-target", "constructor-signatures"]);
    expect(failing(database)).toEqual(["count-within-target", "constructor-signatures", "redirects-to-primary"]);
    // Each family sees only the files its own include/exclude select.
    expect([ws?.files.scanned, registry?.files.scanned, database?.files.scanned]).toEqual([16, 7, 19]);
  });

  it("parses each file once, however many families need it", () => {
    const perFamily = portfolio.families.map((f) => f.extractions.filter((e) => e.status !== "no-match").map((e) => e.file));
    const distinct = new Set(perFamily.flat());
    const sum = ["websocket", "agent-registry", "database"].reduce((n, slug) => n + (single.get(slug)?.stats.parsedFiles ?? 0), 0);
    expect(portfolio.stats.parsedFiles).toBe(distinct.size);
    // With usages: health.py only names the websocket and database families, and is parsed once for both.
    expect(portfolio.stats.parsedFiles).toBe(13);
    // The agent bridge defines a WebSocket manager and an agent registry: one parse, two extractions.
    // Files shared by families (the bridge, the health check, ...) are parsed once for all of them: 16 extractions from 13 parses.
    expect(sum).toBe(16);
    expect(portfolio.stats.familyExtractions).toBe(16);
    expect(parsedFiles(single.get("websocket") as ScanResult)).toContain("netra_backend/app/agents/websocket_bridge.py");
    expect(parsedFiles(single.get("agent-registry") as ScanResult)).toContain("netra_backend/app/agents/websocket_bridge.py");
    // Every file is read once: the union of the selections, not the sum.
    expect(portfolio.stats.files).toBe(19);
  });

  it("an outside four-family config, with workers, equals four one-family scans", async () => {
    const path = join(fixture.dir, "..", `${fixture.dir.split("/").pop()}-four.json`);
    writeFileSync(path, JSON.stringify(FOUR_FAMILY_CONFIG));
    const four = await scanDirectory(fixture.dir, { configPath: path, commit: FIXED_COMMIT, workers: 2 });
    expect(four.plan.kind).toBe("explicit");
    expect(four.families.map((f) => f.config.slug)).toEqual(["websocket", "agent-registry", "database", "execution"]);
    for (const family of four.families) {
      expect(family.inventory, family.config.slug ?? "").toEqual(single.get(family.config.slug as string)?.inventory);
    }
    expect(byKey(four.families[3]?.inventory as Inventory)).toEqual([
      ["netra_backend/app/agents/engines/data_execution_engine.py::DataExecutionEngine", "core", false],
      ["netra_backend/app/agents/execution_engine.py::UserExecutionEngine", "primary", false],
    ]);
    expect(four.stats.parsedFiles).toBe(15);
    expect(four.stats.familyExtractions).toBe(19);
    // The families' usages come from the same pass: equal to the one-family scans' (compared in full above) and measured:
    // only the primaries are used outside their files here, so nothing is left on legacy members.
    expect(four.families.map((f) => f.inventory.totals.legacyUsages)).toEqual([0, 0, 0, 0]);
    expect(
      four.families.map((f) => f.inventory.members.filter((m) => m.usedBy?.files).map((m) => [m.name, m.classification, m.usedBy])),
    ).toEqual([
      [["UnifiedWebSocketManager", "primary", { files: 1, sites: 1 }]],
      [["AgentRegistry", "primary", { files: 2, sites: 2 }]],
      [["DatabaseManager", "primary", { files: 2, sites: 4 }]],
      [["UserExecutionEngine", "primary", { files: 1, sites: 2 }]],
    ]);
    expect(four.families.every((f) => f.inventory.members.every((m) => m.usedBy !== undefined) && f.inventory.reconciliation)).toBe(true);
  });
});

describe("commands that compare one family", () => {
  it("converge check refuses a families config (exit 2) instead of checking its first family", async () => {
    let err = "";
    const io: CommandIo = {
      stdout: () => {},
      stderr: (text) => {
        err += text;
      },
      env: { NODE_ENV: "test" },
      cwd: fixture.dir,
      interactive: false,
    };
    expect(await main(["check", fixture.dir, "--baseline", "baseline.json"], io)).toBe(2);
    expect(err).toBe("ERROR: check compares one family; this config has families: pass --config with a single-family config\n");
  });
});

describe("the portfolio prefilter", () => {
  const four = () => parsePortfolioValue(FOUR_FAMILY_CONFIG, "four.json").families;
  const bytesOf = (file: string) => readFileSync(join(fixture.dir, file));
  const verdicts = (prefilter: PortfolioPrefilter, file: string, wanted?: number[]) =>
    prefilter.screen(file, "python", bytesOf(file), wanted).map((v) => v?.status ?? "parse");

  it("gives one verdict per family from one look at the bytes", () => {
    // Usages off (the plain scan): the definition-site filter runs.
    const prefilter = new PortfolioPrefilter(four(), true, false);
    // websocket, agent-registry, database, execution
    expect(verdicts(prefilter, "netra_backend/app/agents/websocket_bridge.py")).toEqual(["parse", "parse", "no-match", "no-match"]);
    expect(verdicts(prefilter, "netra_backend/app/websocket_core/unified_manager.py")).toEqual([
      "parse",
      "no-match",
      "no-match",
      "no-match",
    ]);
    // Names two families only in a comment and a string: their literals are there, no definition site is.
    expect(verdicts(prefilter, "netra_backend/app/routes/health.py")).toEqual(["no-match", "no-match", "no-match", "no-match"]);
    expect(verdicts(prefilter, "netra_backend/app/db/__init__.py")).toEqual(["no-match", "no-match", "parse", "no-match"]);
    // `wanted` picks families, in its order.
    expect(verdicts(prefilter, "netra_backend/app/agents/websocket_bridge.py", [3, 1])).toEqual(["no-match", "parse"]);
    // Each family's verdict is its own prefilter's.
    for (const file of ["netra_backend/app/agents/websocket_bridge.py", "netra_backend/app/routes/health.py"]) {
      const own = four().map((config) => new Prefilter(config, true, false).screen(file, "python", bytesOf(file))?.status ?? "parse");
      expect(verdicts(prefilter, file)).toEqual(own);
    }
    // With usages (the default), a file that only names a family is parsed for it: its mentions are usages or prose.
    const usages = new PortfolioPrefilter(four());
    expect(verdicts(usages, "netra_backend/app/routes/health.py")).toEqual(["parse", "no-match", "parse", "no-match"]);
    expect(verdicts(usages, "netra_backend/app/agents/websocket_bridge.py")).toEqual(["parse", "parse", "parse", "parse"]);
    for (const file of ["netra_backend/app/agents/websocket_bridge.py", "netra_backend/app/routes/health.py"]) {
      const own = four().map((config) => new Prefilter(config).screen(file, "python", bytesOf(file))?.status ?? "parse");
      expect(verdicts(usages, file)).toEqual(own);
    }
    // Disabled: every family parses.
    expect(verdicts(new PortfolioPrefilter(four(), false), "netra_backend/app/routes/health.py")).toEqual([
      "parse",
      "parse",
      "parse",
      "parse",
    ]);
  });

  it("applies each family's own size cap and reads with the largest", () => {
    const families = four().map((config, index) => (index === 1 ? { ...config, limits: { ...config.limits, maxFileBytes: 100 } } : config));
    const prefilter = new PortfolioPrefilter(families);
    expect(prefilter.maxReadBytes).toBe(1_048_576);
    const oversize = prefilter.oversize("big.py", "python", 150);
    expect(oversize.map((v) => v?.issue?.reason ?? null)).toEqual([null, "larger than the 100 B size cap (150 B)", null, null]);
    expect(verdicts(prefilter, "netra_backend/app/agents/websocket_bridge.py")).toEqual(["parse", "skipped", "parse", "parse"]);
  });
});

describe("the multi extractor", () => {
  it("gives every family what its own extractor gives, from one parse per file", async () => {
    const options = parsePortfolioValue(FOUR_FAMILY_CONFIG, "four.json").families.map(toExtractOptions);
    const multi = await createMultiExtractor(options);
    const singles = await Promise.all(options.map((o) => createExtractor(o)));
    const files = fixture.git(["ls-files", "*.py", "*.ts"]).split("\n");
    let needed = 0;
    let neededByTwo = 0;
    for (const file of files) {
      const bytes = readFileSync(join(fixture.dir, file));
      const own = singles.map((extractor) => extractor.extractFile(file, bytes));
      expect(multi.extractFile(file, bytes, [0, 1, 2, 3]), file).toEqual(own);
      expect(multi.extractFile(file, bytes, [2, 0]), file).toEqual([own[2], own[0]]);
      if (own.some((e) => e.status !== "no-match")) needed++;
      if (own[0]?.status !== "no-match" || own[2]?.status !== "no-match") neededByTwo++;
    }
    // One parse per call that any wanted family needed, however many wanted it.
    // With usages, files that only name a family are parsed too (the routes' health check names two).
    expect([needed, neededByTwo]).toEqual([17, 11]);
    expect(multi.parsed).toBe(needed + neededByTwo);
  });
});
