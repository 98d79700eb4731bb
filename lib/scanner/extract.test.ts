import { describe, expect, test } from "vitest";
import { FIXED_COMMIT } from "@/test/scanner/helpers";
import { InventorySchema } from "../contract/inventory";
import { resolveConfig, toExtractOptions } from "./config";
import { createExtractor, extractOptionsKey } from "./extract";
import { buildInventory } from "./inventory";

const options = toExtractOptions(resolveConfig());

describe("extractFile: one file's bytes in, that file's members out", () => {
  test("is deterministic and keyed by its options (cacheable per blob)", async () => {
    const extractor = await createExtractor(options);
    const bytes = Buffer.from("class AExecutionEngine:\n    def run(self):\n        return 1\n");
    expect(extractor.extractFile("a.py", bytes)).toEqual(extractor.extractFile("a.py", bytes));
    expect(extractOptionsKey(options)).toBe(extractOptionsKey({ ...options }));
    expect(extractOptionsKey({ ...options, pattern: "Engine" })).not.toBe(extractOptionsKey(options));
  });

  test("files without the literal are not parsed", async () => {
    const extractor = await createExtractor(options);
    expect(extractor.extractFile("a.py", Buffer.from("class UserEngine: pass\n"))).toEqual({
      file: "a.py",
      language: "python",
      status: "no-match",
      issue: null,
      members: [],
    });
    expect(extractor.extractFile("notes.txt", Buffer.from("ExecutionEngine")).status).toBe("no-match");
  });

  test("class-level aliases, function-local names and calls are told apart", async () => {
    const extractor = await createExtractor(options);
    const source = [
      "class Registry:",
      "    DefaultExecutionEngine = UserExecutionEngine",
      "ExecutionEngineT = TypeVar('ExecutionEngineT')",
      "engine = UserExecutionEngine()",
      "def build():",
      "    LocalExecutionEngine = UserExecutionEngine",
      "    class InnerExecutionEngine:",
      "        pass",
      "    return InnerExecutionEngine",
    ].join("\n");
    const result = extractor.extractFile("pkg/mod.py", Buffer.from(source));
    expect(result.members.map((m) => [m.qualifiedName, m.kind, m.line, m.aliasOf])).toEqual([
      ["Registry.DefaultExecutionEngine", "alias", 2, "UserExecutionEngine"],
      ["build.<locals>.InnerExecutionEngine", "class", 7, null],
    ]);
  });

  test("subclasses of members are found when the config asks (transitively)", async () => {
    const config = resolveConfig({ subclasses: true, primary: "UserExecutionEngine" });
    const extractor = await createExtractor(toExtractOptions(config));
    const a = extractor.extractFile(
      "a.py",
      Buffer.from(
        "class UserExecutionEngine:\n    pass\nclass Turbo(UserExecutionEngine):\n    pass\nclass Unrelated(object):\n    pass\n",
      ),
    );
    const b = extractor.extractFile("b.py", Buffer.from("from a import UserExecutionEngine\nclass TurboPlus(Turbo):\n    pass\n"));
    const inventory = buildInventory({ extractions: [a, b], config, commit: FIXED_COMMIT });
    expect(() => InventorySchema.parse(inventory)).not.toThrow();
    expect(inventory.members.map((m) => [m.key, m.classification, m.reason])).toEqual([
      ["a.py::UserExecutionEngine", "primary", "named as primary in the plan"],
      ["a.py::Turbo", "core", "concrete implementation; no other rule matched (subclass of a member)"],
      ["b.py::TurboPlus", "core", "concrete implementation; no other rule matched (subclass of a member)"],
    ]);
  });

  test("the same qualified name twice in one file gets distinct keys", async () => {
    const extractor = await createExtractor(options);
    const source = "if FLAG:\n    class ExecutionEngine:\n        pass\nelse:\n    class ExecutionEngine:\n        pass\n";
    const inventory = buildInventory({
      extractions: [extractor.extractFile("x.py", Buffer.from(source))],
      config: resolveConfig(),
      commit: FIXED_COMMIT,
    });
    expect(inventory.members.map((m) => [m.key, m.line])).toEqual([
      ["x.py::ExecutionEngine", 2],
      ["x.py::ExecutionEngine#2", 5],
    ]);
  });

  test("without a primary in the plan, single-primary fails and says why", () => {
    const inventory = buildInventory({ extractions: [], config: resolveConfig(), commit: FIXED_COMMIT });
    expect(inventory.checks.map((c) => [c.id, c.passed, c.value])).toEqual([
      ["count-within-target", true, 0],
      ["single-primary", false, 0],
      ["constructor-signatures", true, 0],
      ["event-channels", true, 0],
      ["thin-adapters", true, 0],
      ["redirects-to-primary", true, 0],
      ["one-definition-per-name", true, 0],
    ]);
    expect(inventory.checks[0]?.summary).toBe("0 names (0 definitions) counted, target 1");
    expect(inventory.checks[1]?.summary).toBe('no primary named in the plan (set "primary" in converge.config.json)');
  });
});
