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

  test("cuts a single over-long segment in its middle", () => {
    const name = "a".repeat(30) + "b".repeat(30);
    const short = shortenMiddle(name, 21);
    expect(short).toBe(`${"a".repeat(10)}…${"b".repeat(10)}`);
  });

  test("a file name longer than the budget is cut, never dropped", () => {
    const short = shortenMiddle(`pkg/${"x".repeat(80)}.py`, 40);
    expect(short.length).toBe(40);
    expect(short.endsWith(".py")).toBe(true);
  });
});

describe("breakPieces", () => {
  test("breaks after separators and at camelCase humps, and joins back to the text", () => {
    expect(breakPieces("pkg/user_engine.py::UserExecutionEngine")).toEqual(["pkg/", "user_", "engine.", "py::", "User", "Execution", "Engine"]);
    expect(breakPieces(LONG).join("")).toBe(LONG);
  });
});
