import { describe, expect, test } from "vitest";
import { extractOccurrences } from "@/lib/scanner/occurrences";
import { reconcile } from "@/lib/scanner/explain";
import { createParsers, type Parsers } from "@/lib/scanner/parsers";
import { compilePattern } from "@/lib/scanner/pattern";
import type { Grammar, Language } from "@/lib/scanner/types";

let parsers: Parsers | null = null;

async function occurrences(text: string, grammar: Grammar, language: Language, pattern = "Engine") {
  parsers ??= await createParsers();
  const tree = parsers.get(grammar).parse(text);
  if (!tree) throw new Error("no tree");
  try {
    const found = extractOccurrences(tree.rootNode, text, language, compilePattern(pattern));
    return { ...found, rows: found.occurrences.map((o) => [o.line, o.kind, o.word, o.module ?? o.aliasOf ?? null]) };
  } finally {
    tree.delete();
  }
}

describe("occurrences: Python", () => {
  test("imports, aliases, f-string code, docstrings of module/class/function, other strings and comments", async () => {
    const text = [
      '"""Module doc: MainEngine."""', // 1
      "from ..core.engines import MainEngine, ToolEngine as OldEngine", // 2
      "import pkg.SideEngine", // 3
      "", // 4
      "class RunEngine(MainEngine):  # a RunEngine", // 5
      '    """Class doc: SideEngine."""', // 6
      "    def go(self) -> MainEngine:", // 7
      '        """Function doc: ToolEngine."""', // 8
      '        x = "not a doc: MainEngine"', // 9
      '        return f"{MainEngine.name} and FakeEngine"', // 10
      "", // 11
      "LegacyEngine = RunEngine", // 12
      "def make():", // 13
      "    LocalEngine = RunEngine", // 14
      "    return LocalEngine", // 15
    ].join("\n");
    const found = await occurrences(text, "python", "python");
    expect(found.rows).toEqual([
      [1, "docstring", "MainEngine", null],
      [2, "import", "MainEngine", "../core/engines"],
      [2, "import", "ToolEngine", "../core/engines"],
      [2, "alias", "OldEngine", "../core/engines"],
      [3, "import", "SideEngine", null],
      [5, "definition", "RunEngine", null],
      [5, "reference", "MainEngine", null],
      [5, "comment", "RunEngine", null],
      [6, "docstring", "SideEngine", null],
      [7, "reference", "MainEngine", null],
      [8, "docstring", "ToolEngine", null],
      [9, "string", "MainEngine", null],
      [10, "reference", "MainEngine", null],
      [10, "string", "FakeEngine", null],
      [12, "alias", "LegacyEngine", "RunEngine"],
      [12, "reference", "RunEngine", null],
      // Inside a function, `Name = Other` is a local variable, not an alias (the extractor's rule).
      [14, "reference", "LocalEngine", null],
      [14, "reference", "RunEngine", null],
      [15, "reference", "LocalEngine", null],
    ]);
    expect(found.occurrences.filter((o) => o.classLine).map((o) => [o.line, o.word])).toEqual([
      [5, "RunEngine"],
      [5, "MainEngine"],
      [5, "RunEngine"],
    ]);
    expect(found.imports).toEqual({
      MainEngine: "../core/engines",
      ToolEngine: "../core/engines",
      OldEngine: "../core/engines",
      SideEngine: null,
    });
  });
});

describe("occurrences: TypeScript and JavaScript", () => {
  test("JSDoc is a docstring, other comments are comments; template code is a reference, its text a string", async () => {
    const text = [
      "/** Wraps the MainEngine. */", // 1
      'import Default, { MainEngine, ToolEngine as OldEngine } from "../core/engines.js";', // 2
      'export { RunEngine as PublicEngine, MainEngine as ReEngine } from "./run";', // 3
      "// a SideEngine note", // 4
      "export class WebEngine extends MainEngine {", // 5
      "  engine: MainEngine = new MainEngine();", // 6
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
      "  name = `${MainEngine.name} FakeEngine`;", // 7
      "}", // 8
      "export const LegacyEngine = WebEngine;", // 9
      "const BuiltEngine = class {};", // 10
      "const re = /RegexEngine/;", // 11
      "export { WebEngine as DefaultEngine };", // 12
    ].join("\n");
    const found = await occurrences(text, "typescript", "typescript");
    expect(found.rows).toEqual([
      [1, "docstring", "MainEngine", null],
      [2, "import", "MainEngine", "../core/engines"],
      [2, "import", "ToolEngine", "../core/engines"],
      [2, "alias", "OldEngine", "../core/engines"],
      [3, "import", "RunEngine", "./run"],
      [3, "alias", "PublicEngine", "./run"],
      [3, "import", "MainEngine", "./run"],
      [3, "alias", "ReEngine", "./run"],
      [4, "comment", "SideEngine", null],
      [5, "definition", "WebEngine", null],
      [5, "reference", "MainEngine", null],
      [6, "reference", "MainEngine", null],
      [6, "reference", "MainEngine", null],
      [7, "reference", "MainEngine", null],
      [7, "string", "FakeEngine", null],
      [9, "alias", "LegacyEngine", "WebEngine"],
      [9, "reference", "WebEngine", null],
      [10, "definition", "BuiltEngine", null],
      [11, "string", "RegexEngine", null],
      [12, "reference", "WebEngine", null],
      [12, "alias", "DefaultEngine", "WebEngine"],
    ]);
  });

  test("JavaScript: require and JSX names are references, JSX text is a string", async () => {
    const text = ['const { MainEngine } = require("./engines");', "export const view = <MainEngine>Run the FakeEngine</MainEngine>;"].join(
      "\n",
    );
    const found = await occurrences(text, "javascript", "javascript");
    expect(found.rows).toEqual([
      [1, "reference", "MainEngine", null],
      [2, "reference", "MainEngine", null],
      [2, "string", "FakeEngine", null],
      [2, "reference", "MainEngine", null],
    ]);
  });
});

describe("reconcile", () => {
  const members = [
    { key: "a/engine.py::MainEngine", name: "MainEngine", kind: "class" as const, file: "a/engine.py", line: 1, endLine: 3 },
    { key: "b/engine.py::MainEngine", name: "MainEngine", kind: "class" as const, file: "b/engine.py", line: 5, endLine: 9 },
  ];
  const base = { family: { slug: null, name: null, pattern: "Engine" }, members, excluded: [], scanned: 3, parsed: 3 };

  test("a reference resolves to its own file's definition, else the imported module's, else the first; other words are unresolved", () => {
    const result = reconcile({
      ...base,
      files: [
        {
          file: "b/engine.py",
          language: "python",
          imports: {},
          occurrences: [
            { word: "MainEngine", line: 5, kind: "definition", classLine: true },
            { word: "MainEngine", line: 12, kind: "reference" },
          ],
        },
        {
          file: "b/use.py",
          language: "python",
          imports: { MainEngine: "./engine" },
          occurrences: [
            { word: "MainEngine", line: 1, kind: "import", module: "./engine" },
            { word: "MainEngine", line: 3, kind: "reference" },
            { word: "GhostEngine", line: 4, kind: "reference" },
            { word: "GhostEngine", line: 5, kind: "docstring", classLine: true },
          ],
        },
        {
          file: "c/use.py",
          language: "python",
          imports: { MainEngine: "pkg.elsewhere" },
          occurrences: [{ word: "MainEngine", line: 2, kind: "reference" }],
        },
      ],
    });
    expect(result.hits).toEqual([
      { file: "b/engine.py", line: 5, kind: "definition", word: "MainEngine", member: "b/engine.py::MainEngine" },
      { file: "b/engine.py", line: 12, kind: "reference", word: "MainEngine", member: "b/engine.py::MainEngine" },
      { file: "b/use.py", line: 1, kind: "import", word: "MainEngine", member: "b/engine.py::MainEngine" },
      { file: "b/use.py", line: 3, kind: "reference", word: "MainEngine", member: "b/engine.py::MainEngine" },
      { file: "b/use.py", line: 4, kind: "unresolved", word: "GhostEngine" },
      { file: "b/use.py", line: 5, kind: "docstring", word: "GhostEngine" },
      { file: "c/use.py", line: 2, kind: "reference", word: "MainEngine", member: "a/engine.py::MainEngine" },
    ]);
    expect(result.byKind).toEqual({ definition: 1, alias: 0, import: 1, reference: 3, docstring: 1, comment: 0, string: 0, unresolved: 1 });
    expect(result.grep).toEqual({ lines: 7, files: 3, words: ["GhostEngine", "MainEngine"] });
    expect(result.classLines).toEqual({
      lines: 2,
      words: ["GhostEngine", "MainEngine"],
      classNames: ["MainEngine"],
      otherWords: ["GhostEngine"],
      otherPlaces: { docstring: 1, comment: 0, string: 0, code: 0 },
    });
  });
});
