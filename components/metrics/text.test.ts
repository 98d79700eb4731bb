import { describe, expect, test } from "vitest";
import { breakPieces, shortenMiddle } from "./text";

const LONG = "netra_backend/app/agents/supervisor/orchestration/workflow_execution/engines/user_scoped/user_execution_engine.py";

describe("shortenMiddle", () => {
  test("leaves short text alone", () => {
    expect(shortenMiddle("pkg/engine.py", 40)).toBe("pkg/engine.py");
  });

  test("keeps the first segment and the trailing segments that fit", () => {
    const short = shortenMiddle(LONG, 56);
    expect(short).toBe("netra_backend/…/user_scoped/user_execution_engine.py");
    expect(short.length).toBeLessThanOrEqual(56);
  });

  test("cuts text without segments in its middle", () => {
    const name = "a".repeat(30) + "b".repeat(30);
    expect(shortenMiddle(name, 21)).toBe(`${"a".repeat(10)}…${"b".repeat(10)}`);
  });

  test("keeps a long file name whole rather than cutting into it", () => {
    const file = "pipeline_domain_specific_execution_engine_implementation.py:166";
    expect(shortenMiddle(`netra_backend/app/agents/${file}`, 52)).toBe(`…/${file}`);
  });

  test("a file name over twice the budget is cut in its middle, keeping its extension", () => {
    const short = shortenMiddle(`pkg/${"x".repeat(100)}.py`, 40);
    expect(short.length).toBe(40);
    expect(short.startsWith("…/x")).toBe(true);
    expect(short.endsWith(".py")).toBe(true);
  });
});

describe("breakPieces", () => {
  test("breaks after separators and at camelCase humps, and joins back to the text", () => {
    expect(breakPieces("pkg/user_engine.py::UserExecutionEngine")).toEqual([
      "pkg/",
      "user_",
      "engine.",
      "py::",
      "User",
      "Execution",
      "Engine",
    ]);
    expect(breakPieces(LONG).join("")).toBe(LONG);
  });
});
