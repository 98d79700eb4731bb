import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { formatCount, InventorySchema, type Inventory } from "@/lib/contract/inventory";
import { scanDirectory } from "@/lib/scanner/scan";
import { FIXED_COMMIT, FIXTURES, tempCopy } from "./helpers";

const SEED_FIXTURE = join(FIXTURES, "seed");
const APP = "netra_backend/app";

async function scan(dir = SEED_FIXTURE): Promise<Inventory> {
  return (await scanDirectory(dir, { commit: FIXED_COMMIT, workers: 0 })).inventory;
}

/** A scratch repository from a few files (outside git, so no commit is read). */
function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "converge-seed-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const check = (inventory: Inventory, id: string) => inventory.checks.find((c) => c.id === id);
const distinct = (names: string[]) => new Set(names).size;

describe("seed fixture: the seed repository's shape at the report's commit", () => {
  test("24 names in 35 definitions: 17 class names and 9 alias names (2 both), 22 classes and 13 aliases", async () => {
    const inventory = await scan();
    expect(() => InventorySchema.parse(inventory)).not.toThrow();
    const classes = inventory.members.filter((m) => m.kind === "class");
    const aliases = inventory.members.filter((m) => m.kind === "alias");
    expect([classes.length, aliases.length]).toEqual([22, 13]);
    expect([distinct(classes.map((m) => m.name)), distinct(aliases.map((m) => m.name))]).toEqual([17, 9]);
    const both = [...new Set(aliases.map((m) => m.name))].filter((name) => classes.some((c) => c.name === name)).sort();
    expect(both).toEqual(["ExecutionEngineFactory", "UnifiedToolExecutionEngine"]);
    expect(formatCount(inventory.totals, inventory.plan.count)).toBe("24 names (35 definitions)");
    // Docstring and comment mentions are never members (the team's own list counted some).
    const names = inventory.members.map((m) => m.name);
    for (const ghost of ["SupervisorExecutionEngineV1", "LegacyAgentExecutionEngine", "DeprecatedExecutionEngine"])
      expect(names).not.toContain(ghost);
  });

  test("totals: counted in names by default, split by class and phase in the same unit", async () => {
    const { totals, plan } = await scan();
    expect(plan.count).toBe("names");
    expect(totals).toEqual({
      members: 35,
      names: 24,
      counted: 20,
      byClassification: { primary: 1, core: 5, adapter: 4, factory: 3, legacy: 14, interface: 2, support: 6 },
      byPhase: { unphased: 28, "interface-standardization": 7 },
      countedByClassification: { primary: 1, core: 3, adapter: 4, factory: 2, legacy: 8, interface: 2, support: 0 },
      countedByPhase: { unphased: 16, "interface-standardization": 4 },
      // Imports and references of the counted non-primary members outside their own files.
      legacyUsages: 8,
    });
  });

  test('with count: "definitions" the same code counts 29', async () => {
    const dir = tempCopy(SEED_FIXTURE);
    writeFileSync(join(dir, "converge.config.json"), JSON.stringify({ primary: "UserExecutionEngine", target: 8, count: "definitions" }));
    const inventory = await scan(dir);
    expect([inventory.totals.members, inventory.totals.names, inventory.totals.counted]).toEqual([35, 24, 29]);
    expect(check(inventory, "count-within-target")).toMatchObject({
      value: 29,
      threshold: 8,
      passed: false,
      summary: "29 definitions (20 names) counted, target 8",
    });
    expect(formatCount(inventory.totals, inventory.plan.count)).toBe("35 definitions (24 names)");
  });

  test("ToolExecutionEngine, defined in three modules, counts once and fails one-definition-per-name", async () => {
    const inventory = await scan();
    const tool = inventory.members.filter((m) => m.name === "ToolExecutionEngine");
    expect(tool.map((m) => m.file)).toEqual([
      `${APP}/agents/tool_execution_engine.py`,
      `${APP}/core/tool_execution_engine.py`,
      `${APP}/services/unified_tool_registry/execution_engine.py`,
    ]);
    expect(check(inventory, "count-within-target")).toMatchObject({
      value: 20,
      passed: false,
      summary: "20 names (29 definitions) counted, target 8",
    });
    const definitions = check(inventory, "one-definition-per-name");
    expect(definitions).toMatchObject({ passed: false, value: 7, threshold: 0 });
    expect(definitions?.groups?.map((g) => g.label)).toEqual([
      "ExecutionEngine (4 definitions)",
      "ExecutionEngineFactory (3 definitions)",
      "ToolExecutionEngine (3 definitions)",
      "ExecutionEngineError (2 definitions)",
      "ExecutionEngineFactoryError (2 definitions)",
      "RequestScopedExecutionEngine (2 definitions)",
      "UnifiedToolExecutionEngine (2 definitions)",
    ]);
    expect(definitions?.groups?.[2]?.members).toEqual(tool.map((m) => m.key));
    expect(definitions?.members).toHaveLength(4 + 3 + 3 + 2 + 2 + 2 + 2);
    expect(definitions?.summary).toMatch(
      /^7 of 24 names defined more than once: ExecutionEngine ×4 \(netra_backend\/app\/agents\/base\/interface\.py, /,
    );
  });

  test("three modules writing `import IExecutionEngine as ExecutionEngine` are one name", async () => {
    const inventory = await scan();
    const importAliases = inventory.members.filter((m) => m.name === "ExecutionEngine" && m.aliasOf === "IExecutionEngine");
    expect(importAliases.map((m) => [m.file, m.classification, m.reason])).toEqual([
      [`${APP}/agents/base/interface.py`, "legacy", "re-export of IExecutionEngine under another name (import … as …)"],
      [`${APP}/agents/supervisor/pipeline_executor.py`, "legacy", "re-export of IExecutionEngine under another name (import … as …)"],
      [`${APP}/services/agent_service_core.py`, "legacy", "re-export of IExecutionEngine under another name (import … as …)"],
    ]);
    expect(inventory.totals.countedByClassification.legacy).toBe(8);
    expect(inventory.totals.byClassification.legacy).toBe(14);
  });

  test("classification on real code: deprecated method, aliases of errors, test doubles, class-level deprecation", async () => {
    const { members } = await scan();
    const at = (file: string, name: string) => members.find((m) => m.file === `${APP}/${file}` && m.name === name);
    expect(at("agents/supervisor/user_execution_engine.py", "UserExecutionEngine")).toMatchObject({
      classification: "primary",
      reason: "named as primary in the plan; deprecated method: execute",
      deprecated: false,
      // shutdown() only silences DeprecationWarning: not a deprecation.
      deprecatedMethods: ["execute"],
      counted: true,
    });
    for (const file of ["agents/supervisor/execution_engine_factory.py", "core/managers/execution_engine_factory.py"]) {
      expect(at(file, "ExecutionEngineError")).toMatchObject({
        kind: "alias",
        classification: "support",
        reason: "alias of ExecutionEngineFactoryError (support: name ends in Error)",
        counted: false,
      });
    }
    expect(members.find((m) => m.name === "MockAgentExecutionEngine")).toMatchObject({
      file: "test_framework/fixtures/execution_engine_mocks.py",
      classification: "support",
      reason: "test double: name starts with Mock",
      counted: false,
    });
    expect(at("agents/mcp_integration/mcp_execution_engine.py", "MCPEnhancedExecutionEngine")).toMatchObject({
      classification: "legacy",
      reason: "deprecated (DeprecationWarning at class level)",
      deprecated: true,
    });
    expect(at("services/request_scoped_execution_engine.py", "RequestScopedExecutionEngine")?.reason).toBe(
      "deprecated (DeprecationWarning in __init__)",
    );
    expect(at("agents/supervisor/request_scoped_execution_engine.py", "RequestScopedExecutionEngine")?.reason).toBe(
      "deprecated (@deprecated decorator)",
    );
    expect(members.filter((m) => m.deprecatedMethods.length > 0).map((m) => m.name)).toEqual(["UserExecutionEngine"]);
  });
});

describe("names and definitions on small repositories", () => {
  test("a name defined in three files counts once and fails one-definition-per-name", async () => {
    const engine = (dispatcher: string) =>
      `class ToolExecutionEngine:\n    def __init__(self, ${dispatcher}):\n        self.d = ${dispatcher}\n`;
    const dir = repository({
      "converge.config.json": JSON.stringify({ target: 1 }),
      "a/tool.py": engine("tool_dispatcher"),
      "b/tool.py": engine("registry"),
      "c/tool.py": engine("tool_dispatcher"),
    });
    const inventory = await scan(dir);
    expect([inventory.totals.members, inventory.totals.names, inventory.totals.counted]).toEqual([3, 1, 1]);
    expect(check(inventory, "count-within-target")).toMatchObject({
      passed: true,
      value: 1,
      summary: "1 name (3 definitions) counted, target 1",
    });
    expect(check(inventory, "one-definition-per-name")).toMatchObject({
      passed: false,
      value: 1,
      summary: "1 of 1 names defined more than once: ToolExecutionEngine ×3 (a/tool.py, b/tool.py, c/tool.py)",
      groups: [
        {
          label: "ToolExecutionEngine (3 definitions)",
          members: ["a/tool.py::ToolExecutionEngine", "b/tool.py::ToolExecutionEngine", "c/tool.py::ToolExecutionEngine"],
        },
      ],
    });
  });

  test("three files that import-alias the same name count once; a family of distinct names passes", async () => {
    const importer =
      "from pkg.interfaces import IExecutionEngine as ExecutionEngine\n\n\ndef run(engine: ExecutionEngine):\n    return engine\n";
    const dir = repository({
      "pkg/interfaces.py":
        "from abc import ABC, abstractmethod\n\n\nclass IExecutionEngine(ABC):\n    @abstractmethod\n    def run(self): ...\n",
      "pkg/one.py": importer,
      "pkg/two.py": importer,
      "pkg/three.py": importer,
    });
    const inventory = await scan(dir);
    expect(inventory.totals).toMatchObject({ members: 4, names: 2, counted: 2 });
    expect(inventory.totals.countedByClassification).toMatchObject({ legacy: 1, interface: 1 });

    const single = await scan(
      repository({ "pkg/interfaces.py": "class IExecutionEngine:\n    pass\n", "pkg/user.py": "class UserExecutionEngine:\n    pass\n" }),
    );
    expect(check(single, "one-definition-per-name")).toMatchObject({
      passed: true,
      value: 0,
      summary: "2 names, each defined once",
      members: [],
      groups: [],
    });
  });
});
