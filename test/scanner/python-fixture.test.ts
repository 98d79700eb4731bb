import { describe, expect, test } from "vitest";
import { InventorySchema, type Inventory } from "@/lib/contract/inventory";
import { scanDirectory } from "@/lib/scanner/scan";
import { FIXED_COMMIT, PYTHON_FIXTURE, rows } from "./helpers";

const scan = async (workers: number | "auto" = 0): Promise<Inventory> =>
  (await scanDirectory(PYTHON_FIXTURE, { commit: FIXED_COMMIT, workers })).inventory;

const EXPECTED_MEMBERS: Array<[string, number, string, string, string]> = [
  ["netra/adapters/generic_adapter.py::GenericExecutionEngineAdapter", 4, "class", "adapter", "name ends in Adapter"],
  ["netra/adapters/supervisor_adapter.py::ExecutionEngineAdapter", 5, "class", "adapter", "name ends in Adapter"],
  ["netra/adapters/supervisor_adapter.py::SupervisorExecutionEngineAdapter", 18, "class", "adapter", "name ends in Adapter"],
  ["netra/adapters/wrappers.py::UserExecutionEngineWrapper", 6, "class", "adapter", "name ends in Wrapper"],
  ["netra/adapters/wrappers.py::ConsolidatedExecutionEngineWrapper", 16, "class", "adapter", "name ends in Wrapper"],
  ["netra/agents/base_execution_engine.py::BaseExecutionEngine", 8, "class", "core", "concrete implementation; no other rule matched"],
  ["netra/agents/execution_engine.py::ExecutionEngine", 8, "alias", "legacy", "alias of UserExecutionEngine"],
  ["netra/agents/interfaces.py::IExecutionEngine", 8, "class", "interface", "ABC with only abstract methods"],
  ["netra/agents/interfaces.py::ExecutionEngineCapabilities", 23, "class", "interface", "Protocol base"],
  ["netra/agents/mcp_enhanced_execution_engine.py::MCPEnhancedExecutionEngine", 8, "class", "legacy", "deprecated (@deprecated decorator)"],
  [
    "netra/agents/request_scoped_execution_engine.py::RequestScopedExecutionEngine",
    6,
    "class",
    "legacy",
    "deprecated (DeprecationWarning in __init__)",
  ],
  ["netra/agents/user_execution_engine.py::UserExecutionEngineExtensions", 12, "class", "support", "name ends in Extensions"],
  ["netra/agents/user_execution_engine.py::UserExecutionEngine", 22, "class", "primary", "named as primary in the plan"],
  ["netra/compat/isolated_execution_engine.py::IsolatedExecutionEngine", 4, "class", "legacy", 'path contains "compat"'],
  ["netra/config.py::ExecutionEngineConfig", 5, "class", "support", "name ends in Config"],
  ["netra/factories/execution_engine_factory.py::ExecutionEngineFactoryError", 6, "class", "support", "name ends in Error"],
  ["netra/factories/execution_engine_factory.py::ExecutionEngineFactoryValidator", 10, "class", "support", "name ends in Validator"],
  ["netra/factories/execution_engine_factory.py::ExecutionEngineFactory", 19, "class", "factory", "name ends in Factory"],
  ["netra/factories/execution_engine_factory.py::UnifiedExecutionEngineFactory", 30, "class", "factory", "name ends in Factory"],
  ["netra/factories/execution_engine_factory.py::RequestScopedExecutionEngineFactory", 35, "class", "factory", "name ends in Factory"],
  [
    "netra/legacy/execution_engine_compat.py::ExecutionEngine",
    4,
    "alias",
    "legacy",
    "re-export of UserExecutionEngine under another name (import … as …)",
  ],
  ["netra/tools/pipeline.py::PipelineRunner.PipelineExecutionEngine", 7, "class", "core", "concrete implementation; no other rule matched"],
  ["netra/tools/tool_execution_engine.py::ToolExecutionEngine", 5, "class", "core", "concrete implementation; no other rule matched"],
  [
    "netra/tools/tool_execution_engine.py::UnifiedToolExecutionEngine",
    15,
    "class",
    "core",
    "concrete implementation; no other rule matched",
  ],
];

describe("python fixture (modelled on the seed report)", () => {
  test("finds exactly the 24 members, with lines, classes and reasons", async () => {
    const inventory = await scan();
    expect(rows(inventory)).toEqual(EXPECTED_MEMBERS);
    expect(new Set(inventory.members.map((m) => m.name)).size).toBe(23);
  });

  test("the inventory passes the contract", async () => {
    const inventory = await scan();
    expect(() => InventorySchema.parse(inventory)).not.toThrow();
    expect(inventory.commit).toEqual(FIXED_COMMIT);
    expect(inventory.plan).toEqual({
      pattern: "ExecutionEngine",
      primary: "UserExecutionEngine",
      target: 8,
      countSupport: false,
      count: "names",
      phases: [
        {
          name: "interface-standardization",
          due: "2026-01-15",
          target: 18,
          members: ["IExecutionEngine", "ExecutionEngineCapabilities", "ExecutionEngineAdapter"],
        },
        {
          name: "logic-consolidation",
          due: "2026-02-15",
          target: 12,
          members: ["UnifiedToolExecutionEngine", "ToolExecutionEngine", "BaseExecutionEngine", "PipelineExecutionEngine"],
        },
        { name: "testing-and-validation", due: "2026-03-15", target: 8 },
      ],
    });
  });

  test("totals on top: names and definitions, per class and per phase", async () => {
    const { totals } = await scan();
    // ExecutionEngine is defined twice (two legacy aliases): 24 definitions, 23 names, 20 counted definitions, 19 counted names.
    expect(totals).toEqual({
      members: 24,
      names: 23,
      counted: 19,
      byClassification: { primary: 1, core: 4, adapter: 5, factory: 3, legacy: 5, interface: 2, support: 4 },
      byPhase: { unphased: 17, "interface-standardization": 3, "logic-consolidation": 4 },
      countedByClassification: { primary: 1, core: 4, adapter: 5, factory: 3, legacy: 4, interface: 2, support: 0 },
      countedByPhase: { unphased: 12, "interface-standardization": 3, "logic-consolidation": 4 },
      // Imports and references of the counted non-primary members outside their own files.
      legacyUsages: 11,
    });
  });

  test("mentions in docstrings, comments, strings and test folders are not members", async () => {
    const { members } = await scan();
    const names = members.map((m) => m.name);
    for (const ghost of [
      "GhostExecutionEngine",
      "DocstringExecutionEngine",
      "DocstringOnlyExecutionEngine",
      "CommentedOutExecutionEngine",
      "TemplateExecutionEngine",
      "StringExecutionEngine",
      "ShadowExecutionEngine",
      "PhantomExecutionEngine",
      "FakeExecutionEngine",
    ]) {
      expect(names).not.toContain(ghost);
    }
    expect(members.some((m) => m.file === "netra/docs_only.py" || m.file.startsWith("tests/"))).toBe(false);
  });

  test("per-member facts: constructor, bases, decorators, methods, abstract, deprecated, delegation, events", async () => {
    const { members } = await scan();
    const byKey = new Map(members.map((m) => [m.key, m]));
    const primary = byKey.get("netra/agents/user_execution_engine.py::UserExecutionEngine");
    expect(primary).toMatchObject({
      endLine: 55,
      loc: 24,
      bases: ["UserExecutionEngineExtensions", "IExecutionEngine"],
      constructor: { params: ["context", "agent_factory", "websocket_emitter"], signature: "(context, agent_factory, websocket_emitter)" },
      methods: ["execute", "cancel", "capabilities", "health"],
      abstract: false,
      abstractReason: null,
      deprecated: false,
      delegatesTo: null,
      emits: 3,
      phase: null,
      counted: true,
    });
    expect(byKey.get("netra/agents/interfaces.py::IExecutionEngine")).toMatchObject({
      abstract: true,
      abstractReason: "abstract methods: execute, cancel (ABC base)",
      methods: ["execute", "cancel"],
      constructor: null,
      phase: "interface-standardization",
    });
    expect(byKey.get("netra/agents/interfaces.py::ExecutionEngineCapabilities")).toMatchObject({
      abstract: true,
      abstractReason: "Protocol class",
    });
    expect(byKey.get("netra/agents/mcp_enhanced_execution_engine.py::MCPEnhancedExecutionEngine")).toMatchObject({
      decorators: ["deprecated"],
      deprecated: true,
      bases: ["UserExecutionEngine"],
    });
    expect(byKey.get("netra/config.py::ExecutionEngineConfig")).toMatchObject({
      decorators: ["dataclass"],
      constructor: {
        params: ["max_concurrency: int = 4", "timeout_seconds: float = 30.0", "emit_events: bool = True"],
        signature: "(max_concurrency, timeout_seconds, emit_events)",
      },
      counted: false,
    });
    expect(byKey.get("netra/tools/pipeline.py::PipelineRunner.PipelineExecutionEngine")).toMatchObject({
      qualifiedName: "PipelineRunner.PipelineExecutionEngine",
      constructor: { params: ["tool_dispatcher", "max_concurrency=1"], signature: "(tool_dispatcher, max_concurrency)" },
    });
    expect(byKey.get("netra/agents/base_execution_engine.py::BaseExecutionEngine")?.constructor).toEqual({
      params: ["tool_dispatcher", "max_concurrency: int = 4"],
      signature: "(tool_dispatcher, max_concurrency)",
    });
    const delegation = Object.fromEntries(members.filter((m) => m.delegatesTo).map((m) => [m.name, m.delegatesTo]));
    expect(delegation).toEqual({
      GenericExecutionEngineAdapter: "ToolExecutionEngine",
      ExecutionEngineAdapter: "UserExecutionEngine",
      SupervisorExecutionEngineAdapter: "UserExecutionEngine",
      UserExecutionEngineWrapper: "UserExecutionEngine",
      ConsolidatedExecutionEngineWrapper: "UserExecutionEngine",
      RequestScopedExecutionEngine: "UserExecutionEngine",
      ExecutionEngineFactory: "ExecutionEngineFactoryValidator",
      UnifiedExecutionEngineFactory: "ToolExecutionEngine",
    });
    const emitters = Object.fromEntries(members.filter((m) => m.emits > 0).map((m) => [m.name, m.emits]));
    expect(emitters).toEqual({ UserExecutionEngine: 3, ToolExecutionEngine: 2, UnifiedToolExecutionEngine: 1 });
    const aliases = members.filter((m) => m.kind === "alias").map((m) => [m.key, m.aliasOf, m.deprecated]);
    expect(aliases).toEqual([
      ["netra/agents/execution_engine.py::ExecutionEngine", "UserExecutionEngine", false],
      ["netra/legacy/execution_engine_compat.py::ExecutionEngine", "UserExecutionEngine", true],
    ]);
    const consolidated = byKey.get("netra/adapters/wrappers.py::ConsolidatedExecutionEngineWrapper");
    expect([consolidated?.line, consolidated?.endLine, consolidated?.loc]).toEqual([16, 89, 55]);
    for (const m of members) expect(m.bodyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test("the seven checks", async () => {
    const { checks } = await scan();
    expect(checks.map((c) => [c.id, c.passed, c.value, c.threshold])).toEqual([
      ["count-within-target", false, 19, 8],
      ["single-primary", true, 1, 1],
      ["constructor-signatures", false, 2, 1],
      ["event-channels", false, 3, 1],
      ["thin-adapters", false, 2, 0],
      ["redirects-to-primary", false, 1, 0],
      ["one-definition-per-name", false, 1, 0],
    ]);
    const [count, primary, signatures, events, adapters, redirects, definitions] = checks;
    expect(count?.members).toHaveLength(20);
    expect(count?.summary).toBe("19 names (20 definitions) counted, target 8");
    expect(primary?.members).toEqual(["netra/agents/user_execution_engine.py::UserExecutionEngine"]);
    expect(signatures?.groups).toEqual([
      {
        label: "(context, agent_factory, websocket_emitter)",
        members: [
          "netra/adapters/generic_adapter.py::GenericExecutionEngineAdapter",
          "netra/adapters/supervisor_adapter.py::ExecutionEngineAdapter",
          "netra/adapters/supervisor_adapter.py::SupervisorExecutionEngineAdapter",
          "netra/adapters/wrappers.py::UserExecutionEngineWrapper",
          "netra/adapters/wrappers.py::ConsolidatedExecutionEngineWrapper",
          "netra/agents/mcp_enhanced_execution_engine.py::MCPEnhancedExecutionEngine",
          "netra/agents/request_scoped_execution_engine.py::RequestScopedExecutionEngine",
          "netra/agents/user_execution_engine.py::UserExecutionEngine",
          "netra/compat/isolated_execution_engine.py::IsolatedExecutionEngine",
          "netra/tools/tool_execution_engine.py::UnifiedToolExecutionEngine",
        ],
      },
      {
        label: "(tool_dispatcher, max_concurrency)",
        members: [
          "netra/agents/base_execution_engine.py::BaseExecutionEngine",
          "netra/tools/pipeline.py::PipelineRunner.PipelineExecutionEngine",
          "netra/tools/tool_execution_engine.py::ToolExecutionEngine",
        ],
      },
    ]);
    expect(signatures?.members).toEqual([
      "netra/agents/base_execution_engine.py::BaseExecutionEngine",
      "netra/tools/pipeline.py::PipelineRunner.PipelineExecutionEngine",
      "netra/tools/tool_execution_engine.py::ToolExecutionEngine",
    ]);
    expect(events?.members).toEqual([
      "netra/agents/user_execution_engine.py::UserExecutionEngine",
      "netra/tools/tool_execution_engine.py::ToolExecutionEngine",
      "netra/tools/tool_execution_engine.py::UnifiedToolExecutionEngine",
    ]);
    expect(adapters?.members).toEqual([
      "netra/adapters/generic_adapter.py::GenericExecutionEngineAdapter",
      "netra/adapters/wrappers.py::ConsolidatedExecutionEngineWrapper",
    ]);
    expect(adapters?.summary).toBe(
      "2 of 5 adapters are not thin: GenericExecutionEngineAdapter (delegates to ToolExecutionEngine, not UserExecutionEngine), ConsolidatedExecutionEngineWrapper (55 lines > 40)",
    );
    expect(redirects?.members).toEqual(["netra/compat/isolated_execution_engine.py::IsolatedExecutionEngine"]);
    expect(redirects?.summary).toBe("1 of 5 legacy redirects do not resolve to UserExecutionEngine: IsolatedExecutionEngine → nothing");
    expect(definitions?.groups).toEqual([
      {
        label: "ExecutionEngine (2 definitions)",
        members: ["netra/agents/execution_engine.py::ExecutionEngine", "netra/legacy/execution_engine_compat.py::ExecutionEngine"],
      },
    ]);
    expect(definitions?.summary).toBe(
      "1 of 23 names defined more than once: ExecutionEngine ×2 (netra/agents/execution_engine.py, netra/legacy/execution_engine_compat.py)",
    );
  });

  test("bad files are listed with a reason and the scan completes", async () => {
    const { files } = await scan();
    expect(files).toEqual({
      scanned: 24,
      skipped: [{ file: "netra/encoding/latin1_engine.py", reason: "not valid UTF-8" }],
      failed: [
        {
          file: "netra/compat/isolated_execution_engine.py",
          reason: "syntax error at line 16; kept 1 member(s) from the parts that parsed",
        },
      ],
    });
  });

  test("worker threads give the same inventory as one thread", async () => {
    const [single, pooled] = await Promise.all([scan(0), scan(2)]);
    expect(pooled).toEqual(single);
  });

  test("commit comes from git inside a work tree", async () => {
    const { inventory } = await scanDirectory(PYTHON_FIXTURE, { workers: 0 });
    expect(inventory.commit.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(() => InventorySchema.parse(inventory)).not.toThrow();
  });
});
