import { describe, expect, test } from "vitest";
import { FIXED_COMMIT } from "@/test/scanner/helpers";
import { InventorySchema, type Inventory, type Member } from "../contract/inventory";
import { resolveConfig, toExtractOptions, type ConfigFile } from "./config";
import { createExtractor } from "./extract";
import { buildInventory } from "./inventory";

/** Extracts and classifies a few in-memory files, as a scan of them would. */
async function inventoryOf(files: Record<string, string>, config: ConfigFile = {}): Promise<Inventory> {
  const resolved = resolveConfig({ primary: "UserExecutionEngine", ...config });
  const extractor = await createExtractor(toExtractOptions(resolved));
  const extractions = Object.entries(files).map(([file, text]) => extractor.extractFile(file, Buffer.from(text)));
  const inventory = buildInventory({ extractions, config: resolved, commit: FIXED_COMMIT });
  InventorySchema.parse(inventory);
  return inventory;
}

type Facts = Pick<Member, "classification" | "reason" | "deprecated" | "deprecatedMethods">;
const facts = (inventory: Inventory): Record<string, Facts> =>
  Object.fromEntries(
    inventory.members.map((m) => [
      m.key,
      { classification: m.classification, reason: m.reason, deprecated: m.deprecated, deprecatedMethods: m.deprecatedMethods },
    ]),
  );

describe("python: only a deprecation of the class itself makes it legacy", () => {
  test("class-level warning, __init__/__new__ warnings and deprecated decorators deprecate the class", async () => {
    const inventory = await inventoryOf({
      "a.py": [
        "import warnings, typing_extensions",
        "class LevelExecutionEngine:",
        "    warnings.warn('gone', DeprecationWarning)",
        "class InitExecutionEngine:",
        "    def __init__(self):",
        "        warnings.warn('gone', category=PendingDeprecationWarning)",
        "class NewExecutionEngine:",
        "    def __new__(cls):",
        "        raise DeprecationWarning('gone')",
        "@warnings.deprecated('use UserExecutionEngine')",
        "class WarningsExecutionEngine:",
        "    pass",
        "@typing_extensions.deprecated('use UserExecutionEngine')",
        "class TypingExecutionEngine:",
        "    pass",
        "",
      ].join("\n"),
    });
    expect(facts(inventory)).toEqual({
      "a.py::LevelExecutionEngine": {
        classification: "legacy",
        reason: "deprecated (DeprecationWarning at class level)",
        deprecated: true,
        deprecatedMethods: [],
      },
      "a.py::InitExecutionEngine": {
        classification: "legacy",
        reason: "deprecated (PendingDeprecationWarning in __init__)",
        deprecated: true,
        deprecatedMethods: [],
      },
      "a.py::NewExecutionEngine": {
        classification: "legacy",
        reason: "deprecated (DeprecationWarning in __new__)",
        deprecated: true,
        deprecatedMethods: [],
      },
      "a.py::WarningsExecutionEngine": {
        classification: "legacy",
        reason: "deprecated (@deprecated decorator)",
        deprecated: true,
        deprecatedMethods: [],
      },
      "a.py::TypingExecutionEngine": {
        classification: "legacy",
        reason: "deprecated (@deprecated decorator)",
        deprecated: true,
        deprecatedMethods: [],
      },
    });
  });

  test("a method's warning or @deprecated is recorded on the method; filters, excepts, bases and nested classes are not", async () => {
    const inventory = await inventoryOf({
      "b.py": [
        "import warnings",
        "from typing_extensions import deprecated",
        "class UserExecutionEngine:",
        "    def __init__(self, context):",
        "        self.context = context",
        "    def execute(self, *args):",
        "        def old_form():",
        "            warnings.warn('execute(state, run_id) is deprecated', DeprecationWarning, stacklevel=3)",
        "        old_form()",
        "    @deprecated('use execute')",
        "    def run(self):",
        "        return self.execute()",
        "    def quiet(self):",
        "        warnings.simplefilter('ignore', DeprecationWarning)",
        "        try:",
        "            pass",
        "        except DeprecationWarning:",
        "            pass",
        "class ToolExecutionEngine:",
        "    def start(self):",
        "        class ShimExecutionEngine:",
        "            def __init__(self):",
        "                warnings.warn('gone', DeprecationWarning)",
        "        ShimExecutionEngine()",
        "class ExecutionEngineDeprecationWarning(DeprecationWarning):",
        "    pass",
        "",
      ].join("\n"),
    });
    expect(facts(inventory)).toEqual({
      "b.py::UserExecutionEngine": {
        classification: "primary",
        reason: "named as primary in the plan; deprecated methods: execute, run",
        deprecated: false,
        deprecatedMethods: ["execute", "run"],
      },
      "b.py::ToolExecutionEngine": {
        classification: "core",
        reason: "concrete implementation; no other rule matched",
        deprecated: false,
        deprecatedMethods: [],
      },
      "b.py::ToolExecutionEngine.start.<locals>.ShimExecutionEngine": {
        classification: "legacy",
        reason: "deprecated (DeprecationWarning in __init__)",
        deprecated: true,
        deprecatedMethods: [],
      },
      "b.py::ExecutionEngineDeprecationWarning": {
        classification: "support",
        reason: "name ends in Warning",
        deprecated: false,
        deprecatedMethods: [],
      },
    });
  });
});

describe("python: what a warning's place and message say (as in sentry-python's integrations)", () => {
  test("a conditional constructor warning is about one call form; a message whose subject is the class deprecates it", async () => {
    const inventory = await inventoryOf(
      {
        "integrations/redis.py": [
          "import warnings",
          "class RedisIntegration:",
          "    def __init__(self, max_data_size=None):",
          "        if max_data_size is not None:",
          "            warnings.warn(",
          "                'The `max_data_size` parameter of `RedisIntegration` is '",
          "                'deprecated and will be removed in version 3.0.',",
          "                DeprecationWarning,",
          "                stacklevel=2,",
          "            )",
          "class OpenTelemetryIntegration:",
          "    def setup_once_with_options(self, options=None):",
          "        if options is None:",
          "            return",
          "        warnings.warn(",
          "            'OpenTelemetryIntegration is deprecated. '",
          "            'Please use OTLPIntegration instead.',",
          "            DeprecationWarning,",
          "        )",
          "",
        ].join("\n"),
      },
      { pattern: "Integration$", primary: null },
    );
    expect(facts(inventory)).toEqual({
      "integrations/redis.py::RedisIntegration": {
        classification: "core",
        reason: "concrete implementation; no other rule matched; deprecated method: __init__",
        deprecated: false,
        deprecatedMethods: ["__init__"],
      },
      "integrations/redis.py::OpenTelemetryIntegration": {
        classification: "legacy",
        reason: 'deprecated (DeprecationWarning in setup_once_with_options: "OpenTelemetryIntegration is deprecated")',
        deprecated: true,
        deprecatedMethods: [],
      },
    });
  });
});

describe("abstract bases are the family's interface, not duplicates", () => {
  test("a Python ABC and a TypeScript abstract class with concrete methods (sentry's Integration, mikro-orm's DatabaseDriver)", async () => {
    const inventory = await inventoryOf(
      {
        "integrations/__init__.py": [
          "from abc import ABC, abstractmethod",
          "class Integration(ABC):",
          "    @staticmethod",
          "    @abstractmethod",
          "    def setup_once():",
          "        pass",
          "    def setup_once_with_options(self, options=None):",
          "        pass",
          "",
        ].join("\n"),
        "src/DatabaseDriver.ts": "export abstract class DatabaseDriver {\n  abstract find(): void;\n  close(): void {}\n}\n",
        "src/MySqlDriver.ts": "export class MySqlDriver extends DatabaseDriver {\n  find(): void {}\n}\n",
      },
      { pattern: "(Integration|Driver)$", primary: null },
    );
    expect(inventory.members.map((m) => [m.name, m.classification, m.reason])).toEqual([
      ["Integration", "interface", "abstract base with concrete methods (abstract methods: setup_once (ABC base))"],
      ["DatabaseDriver", "interface", "abstract base with concrete methods (abstract class (abstract methods: find))"],
      ["MySqlDriver", "core", "concrete implementation; no other rule matched"],
    ]);
  });
});

describe("typescript: class-level JSDoc tags and decorators deprecate the class; a method's own do not", () => {
  test("JSDoc, decorators (also before export), constructor warnings and method warnings", async () => {
    const inventory = await inventoryOf({
      "src/engines.ts": [
        "/** @deprecated use UserExecutionEngine */",
        "export class OldExecutionEngine {}",
        "@deprecated('use UserExecutionEngine')",
        "export class DecoratedExecutionEngine {}",
        "export class WarnedExecutionEngine {",
        "  constructor() {",
        "    process.emitWarning('WarnedExecutionEngine is deprecated', 'DeprecationWarning');",
        "  }",
        "}",
        "export class UserExecutionEngine {",
        "  /** @deprecated pass a request */",
        "  executeLegacy(): void {}",
        "  @deprecated() runOld(): void {}",
        "  stop(): void {",
        "    console.warn('stop() is deprecated; use cancel()');",
        "  }",
        "  /** Runs one request. */",
        "  execute(): void {}",
        "}",
        "",
      ].join("\n"),
    });
    expect(facts(inventory)).toEqual({
      "src/engines.ts::OldExecutionEngine": {
        classification: "legacy",
        reason: "deprecated (@deprecated JSDoc tag)",
        deprecated: true,
        deprecatedMethods: [],
      },
      "src/engines.ts::DecoratedExecutionEngine": {
        classification: "legacy",
        reason: "deprecated (@deprecated decorator)",
        deprecated: true,
        deprecatedMethods: [],
      },
      "src/engines.ts::WarnedExecutionEngine": {
        classification: "legacy",
        reason: "deprecated (deprecation warning in the constructor)",
        deprecated: true,
        deprecatedMethods: [],
      },
      "src/engines.ts::UserExecutionEngine": {
        classification: "primary",
        reason: "named as primary in the plan; deprecated methods: executeLegacy, runOld, stop",
        deprecated: false,
        deprecatedMethods: ["executeLegacy", "runOld", "stop"],
      },
    });
  });
});

describe("test doubles and aliases of support are support, each with its reason", () => {
  test("first name word Mock, Fake, Stub, Dummy or Test; folders fixtures, test_framework, testing, mocks", async () => {
    const engine = (name: string) => `class ${name}:\n    def run(self):\n        return 1\n`;
    const inventory = await inventoryOf({
      "pkg/doubles.py": [
        "MockAgentExecutionEngine",
        "FakeExecutionEngine",
        "StubExecutionEngine",
        "DummyExecutionEngine",
        "TestExecutionEngineHelper",
      ]
        .map(engine)
        .join("\n"),
      "pkg/testable.py": engine("TestableExecutionEngine"),
      "test_framework/fixtures/engines.py": engine("RecordingExecutionEngine"),
      "pkg/testing/engines.py": engine("InMemoryExecutionEngine"),
      "src/mocks/engine.py": engine("CannedExecutionEngine"),
      "pkg/fixtures/engine.py": engine("SeededExecutionEngine"),
      "tests/test_basics.py": engine("NoOpExecutionEngine"),
    });
    expect(inventory.members.map((m) => [m.name, m.classification, m.reason, m.counted])).toEqual([
      ["MockAgentExecutionEngine", "support", "test double: name starts with Mock", false],
      ["FakeExecutionEngine", "support", "test double: name starts with Fake", false],
      ["StubExecutionEngine", "support", "test double: name starts with Stub", false],
      ["DummyExecutionEngine", "support", "test double: name starts with Dummy", false],
      ["TestExecutionEngineHelper", "support", "test double: name starts with Test", false],
      ["SeededExecutionEngine", "support", 'test double: path contains "fixtures/"', false],
      ["TestableExecutionEngine", "core", "concrete implementation; no other rule matched", true],
      ["InMemoryExecutionEngine", "support", 'test double: path contains "testing/"', false],
      ["CannedExecutionEngine", "support", 'test double: path contains "mocks/"', false],
      ["RecordingExecutionEngine", "support", 'test double: path contains "test_framework/"', false],
      // Test folders are excluded by default; a config that includes them gets their classes as test doubles.
      ["NoOpExecutionEngine", "support", 'test double: path contains "tests/"', false],
    ]);
  });

  test("an alias takes support from what it names, through alias chains; other aliases stay legacy", async () => {
    const inventory = await inventoryOf({
      "pkg/errors.py": [
        "class ExecutionEngineFactoryError(Exception):",
        "    pass",
        "ExecutionEngineError = ExecutionEngineFactoryError",
        "ExecutionEngineOops = ExecutionEngineError",
        "",
      ].join("\n"),
      "pkg/mocks_api.py": "from test_framework.doubles import MockAgentExecutionEngine as AgentExecutionEngineDouble\n",
      "test_framework/doubles.py": "class MockAgentExecutionEngine:\n    pass\n",
      "pkg/engine.py": "class UserExecutionEngine:\n    pass\nExecutionEngine = UserExecutionEngine\n",
    });
    expect(inventory.members.map((m) => [m.name, m.classification, m.reason])).toEqual([
      ["UserExecutionEngine", "primary", "named as primary in the plan"],
      ["ExecutionEngine", "legacy", "alias of UserExecutionEngine"],
      ["ExecutionEngineFactoryError", "support", "name ends in Error"],
      ["ExecutionEngineError", "support", "alias of ExecutionEngineFactoryError (support: name ends in Error)"],
      ["ExecutionEngineOops", "support", "alias of ExecutionEngineError → ExecutionEngineFactoryError (support: name ends in Error)"],
      ["AgentExecutionEngineDouble", "support", "alias of MockAgentExecutionEngine (support: test double: name starts with Mock)"],
      ["MockAgentExecutionEngine", "support", "test double: name starts with Mock"],
    ]);
  });

  test("a config override of the target carries over to its aliases", async () => {
    const inventory = await inventoryOf(
      { "pkg/view.py": "class ExecutionEngineView:\n    pass\nExecutionEngineScreen = ExecutionEngineView\n" },
      { classify: { ExecutionEngineView: "support" } },
    );
    expect(inventory.members.map((m) => [m.name, m.classification, m.reason])).toEqual([
      ["ExecutionEngineView", "support", "classified as support in the config (classify: ExecutionEngineView)"],
      [
        "ExecutionEngineScreen",
        "support",
        "alias of ExecutionEngineView (support: classified as support in the config (classify: ExecutionEngineView))",
      ],
    ]);
  });
});

describe("the family's own noun is no evidence", () => {
  test("a Type$ family is not all support, a Manager family not all factories, an Error$ family not all errors", async () => {
    const cls = (name: string, base = "") => `class ${name}${base ? `(${base})` : ""}:\n    def run(self):\n        return 1\n`;
    const types = await inventoryOf(
      { "orm/types.py": [cls("Type"), cls("StringType", "Type"), cls("EnumType", "Type")].join("\n") },
      {
        pattern: "Type$",
        primary: "Type",
      },
    );
    expect(types.members.map((m) => [m.name, m.classification, m.reason])).toEqual([
      ["Type", "primary", "named as primary in the plan"],
      ["StringType", "core", "concrete implementation; no other rule matched"],
      // The support rule reads the last word, and "Type" is the family's own: EnumType is a type like the others.
      ["EnumType", "core", "concrete implementation; no other rule matched"],
    ]);
    const managers = await inventoryOf(
      { "ws/managers.py": [cls("WebSocketManager"), cls("UnifiedWebSocketManager"), cls("WebSocketManagerFactory")].join("\n") },
      { pattern: "WebSocketManager", primary: "UnifiedWebSocketManager" },
    );
    expect(managers.members.map((m) => [m.name, m.classification, m.reason])).toEqual([
      ["WebSocketManager", "core", "concrete implementation; no other rule matched"],
      ["UnifiedWebSocketManager", "primary", "named as primary in the plan"],
      ["WebSocketManagerFactory", "factory", "name ends in Factory"],
    ]);
    const errors = await inventoryOf(
      { "api/errors.py": [cls("ApiError", "Exception"), cls("NotFoundError", "ApiError"), cls("ErrorConfig")].join("\n") },
      { pattern: "Error", primary: "ApiError" },
    );
    expect(errors.members.map((m) => [m.name, m.classification, m.reason])).toEqual([
      ["ApiError", "primary", "named as primary in the plan"],
      ["NotFoundError", "core", "concrete implementation; no other rule matched"],
      ["ErrorConfig", "support", "name ends in Config"],
    ]);
  });
});

describe("typescript: a type-only import alias is no member", () => {
  test("import type { X as Y } and import { type X as Y } name a type for their file only; a value import alias stays one", async () => {
    const inventory = await inventoryOf({
      "src/engine.ts": "export class UserExecutionEngine {\n  run() {\n    return 1;\n  }\n}\n",
      "src/index.ts": [
        'import type { UserExecutionEngine as TypedExecutionEngine } from "./engine";',
        'import { type UserExecutionEngine as InlineTypedExecutionEngine } from "./engine";',
        'import { UserExecutionEngine as DefaultExecutionEngine } from "./engine";',
        "export const engines: TypedExecutionEngine[] = [];",
        "export const inline: InlineTypedExecutionEngine | null = null;",
        "export const make = () => new DefaultExecutionEngine();",
      ].join("\n"),
    });
    expect(inventory.members.map((m) => [m.key, m.kind, m.classification])).toEqual([
      ["src/engine.ts::UserExecutionEngine", "class", "primary"],
      ["src/index.ts::DefaultExecutionEngine", "alias", "legacy"],
    ]);
  });
});
