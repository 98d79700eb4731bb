import { describe, expect, test } from "vitest";
import { compilePattern, literalBuffers, mayContainMember, mayDefineMember, requiredLiterals } from "./pattern";

describe("requiredLiterals: the prefilter literal derived from the family regex", () => {
  test.each([
    ["ExecutionEngine", ["ExecutionEngine"]],
    ["^.*Repository$", ["Repository"]],
    ["Execution(Engine|Runner)", ["Execution"]],
    ["(Repository|Client)$", ["Repository", "Client"]],
    ["Repository$|Client$", ["Repository", "Client"]],
    ["Engines?", ["Engine"]],
    ["Eng+ine", ["Eng"]],
    ["Exec\\w+Engine", ["Engine"]],
    ["Engine\\.Impl", ["Engine.Impl"]],
    ["colou?r", ["colo"]],
    ["[A-Z]Client", ["Client"]],
  ])("%s → %j", (source, expected) => {
    expect(requiredLiterals(source)).toEqual(expected);
  });

  test.each([["Engine|.*"], ["\\w+"], ["[A-Z]+"], ["(a|b"], ["x?"]])("%s has no literal: every file is parsed", (source) => {
    expect(requiredLiterals(source)).toBeNull();
  });

  test("mayContainMember tests raw bytes", () => {
    const literals = literalBuffers(["ExecutionEngine"]);
    expect(mayContainMember(Buffer.from("class UserExecutionEngine: pass"), literals)).toBe(true);
    expect(mayContainMember(Buffer.from("class UserEngine: pass"), literals)).toBe(false);
    expect(mayContainMember(Buffer.from("anything"), null)).toBe(true);
  });

  test("mayDefineMember: only definition sites make a file worth parsing", () => {
    const errors = compilePattern("Error$");
    const py = (text: string) => mayDefineMember(text, errors, "python");
    expect(py("try:\n    x()\nexcept ValueError:\n    raise KeyError('k')\n")).toBe(false);
    expect(py("class ParseError(Exception):\n    pass\n")).toBe(true);
    expect(py("class \\\n    ParseError:\n    pass\n")).toBe(true);
    expect(py("from x import (\n    Base as\n    LocalError,\n)\n")).toBe(true);
    expect(py("LegacyError = ValueError\n")).toBe(true);
    expect(py("LegacyError: TypeAlias = ValueError\n")).toBe(true);
    expect(py("if x == KeyError: pass\n")).toBe(false);
    const ts = (text: string) => mayDefineMember(text, compilePattern("ExecutionEngine"), "typescript");
    expect(ts("export { A as ExecutionEngine };")).toBe(true);
    expect(ts("const ExecutionEngine: typeof A = A;")).toBe(true);
    expect(ts("class /* c */ ExecutionEngine {}")).toBe(true);
    expect(ts("new ExecutionEngine().run(() => ExecutionEngine);")).toBe(false);
  });
});
