import { describe, expect, test } from "vitest";
import { InventorySchema } from "@/lib/contract/inventory";
import { scanDirectory } from "@/lib/scanner/scan";
import { FIXED_COMMIT, TYPESCRIPT_FIXTURE, rows } from "./helpers";

describe("typescript fixture: abstract classes, declare class, export-as, class expressions, TSX, JS", () => {
  test("exact members, lines, classes and reasons", async () => {
    const { inventory } = await scanDirectory(TYPESCRIPT_FIXTURE, { commit: FIXED_COMMIT, workers: 0 });
    expect(() => InventorySchema.parse(inventory)).not.toThrow();
    expect(rows(inventory)).toEqual([
      ["src/ambient.d.ts::NativeExecutionEngine", 1, "class", "interface", "ambient declaration (declare class): no implementation here"],
      ["src/engine.ts::BaseExecutionEngine", 4, "class", "interface", "abstract class with only abstract methods"],
      ["src/engine.ts::AbstractStreamingExecutionEngine", 9, "class", "interface", "name contains Abstract"],
      ["src/engine.ts::UserExecutionEngine", 16, "class", "primary", "named as primary in the plan"],
      ["src/engine.ts::OldExecutionEngine", 37, "class", "legacy", "deprecated (@deprecated JSDoc tag)"],
      [
        "src/expressions.ts::ScopedExecutionEngine",
        3,
        "class",
        "adapter",
        "body mostly delegates to UserExecutionEngine (2 of 2 public methods)",
      ],
      [
        "src/expressions.ts::<anonymous>.<locals>.NamedInlineExecutionEngine",
        16,
        "class",
        "core",
        "concrete implementation; no other rule matched",
      ],
      [
        "src/expressions.ts::makeLocal.<locals>.LocalExecutionEngine",
        20,
        "class",
        "core",
        "concrete implementation; no other rule matched",
      ],
      ["src/index.ts::ExecutionEngine", 1, "alias", "legacy", "re-export of UserExecutionEngine under another name (export { … as … })"],
      ["src/index.ts::DefaultExecutionEngine", 3, "alias", "legacy", "re-export of UserExecutionEngine under another name (import … as …)"],
      ["src/index.ts::LegacyEngineExecutionEngine", 5, "alias", "legacy", "alias of DefaultExecutionEngine"],
      ["src/legacy.js::CompatExecutionEngine", 1, "class", "legacy", "name contains Compat"],
      ["src/registry.ts::ExecutionEngineRegistry", 4, "class", "factory", "methods return members (UserExecutionEngine)"],
      [
        "src/widget.tsx::ExecutionEngineView",
        3,
        "class",
        "support",
        "classified as support in the config (classify: src/widget.tsx::ExecutionEngineView)",
      ],
    ]);
    const byName = new Map(inventory.members.map((m) => [m.name, m]));
    expect(byName.get("UserExecutionEngine")).toMatchObject({
      language: "typescript",
      endLine: 34,
      bases: ["BaseExecutionEngine"],
      constructor: {
        params: ["private readonly context: Context", "private readonly factory: AgentFactory", "private readonly emitter: Emitter"],
        signature: "(context, factory, emitter)",
      },
      methods: ["run", "stop"],
      emits: 2,
    });
    expect(byName.get("BaseExecutionEngine")).toMatchObject({
      abstract: true,
      abstractReason: "abstract class (abstract methods: run, stop)",
    });
    expect(byName.get("CompatExecutionEngine")?.language).toBe("javascript");
    expect(byName.get("ExecutionEngineView")?.counted).toBe(false);
    expect(inventory.members.map((m) => m.name)).not.toEqual(expect.arrayContaining(["CommentExecutionEngine"]));
    expect(inventory.members.some((m) => ["StringExecutionEngine", "IExecutionEngineOptions"].includes(m.name))).toBe(false);
    expect(inventory.checks.map((c) => [c.id, c.passed, c.value])).toEqual([
      ["count-within-target", false, 13],
      ["single-primary", true, 1],
      ["constructor-signatures", false, 3],
      ["event-channels", true, 1],
      ["thin-adapters", true, 0],
      ["redirects-to-primary", false, 2],
      ["one-definition-per-name", true, 0],
    ]);
    expect(inventory.checks[5]?.summary).toBe(
      "2 of 5 legacy redirects do not resolve to UserExecutionEngine: OldExecutionEngine → nothing, CompatExecutionEngine → nothing",
    );
    expect(inventory.files).toEqual({ scanned: 8, skipped: [], failed: [] });
  });
});
