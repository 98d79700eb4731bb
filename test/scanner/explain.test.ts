import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "@/cli/main";
import type { CommandIo } from "@/cli/errors";
import { ExplainOutputSchema, ExplainPortfolioSchema, ExplainSchema, type Explain } from "@/lib/contract/explain";
import { explainDirectory } from "@/lib/scanner/explain";
import { scanDirectory } from "@/lib/scanner/scan";
import { FIXTURES, FIXED_COMMIT, tempCopy } from "./helpers";

const ROOT = join(import.meta.dirname, "..", "..");
const FIXTURE = join(ROOT, "test", "fixtures", "explain");

function capture(cwd = ROOT): CommandIo & { out: string; err: string } {
  const io: CommandIo & { out: string; err: string } = {
    out: "",
    err: "",
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    env: {} as NodeJS.ProcessEnv,
    cwd,
    interactive: false,
  };
  return io;
}

async function explain(args: string[], dir = FIXTURE): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(["explain", dir, ...args], io);
  return { code, out: io.out, err: io.err };
}

async function explainJson(args: string[] = [], dir = FIXTURE): Promise<Explain> {
  const { code, out, err } = await explain(["--format", "json", ...args], dir);
  expect([code, err]).toEqual([0, ""]);
  return ExplainSchema.parse(JSON.parse(out));
}

const ALIASES = "app/engines/aliases.py";
const BASE = "app/engines/base.py";
const TOOL = "app/engines/tool_engine.py";
const USER = "app/engines/user_engine.py";
const LEGACY = "app/legacy/tool_engine.py";
const TOOLS = "app/tools/tool_engine.py";
const CLIENT = "app/web/client.ts";
const INDEX = "app/web/index.ts";

/** Every hit of the fixture: file, line, kind, word, member key (null: not a member site). */
const HITS: Array<[string, number, string, string, string | null]> = [
  ["app/engines/__init__.py", 1, "import", "ExecutionEngine", `${ALIASES}::ExecutionEngine`],
  ["app/engines/__init__.py", 2, "import", "UserExecutionEngine", `${USER}::UserExecutionEngine`],
  ["app/engines/__init__.py", 4, "string", "ExecutionEngine", null],
  ["app/engines/__init__.py", 4, "string", "UserExecutionEngine", null],
  ["app/engines/aliases.py", 2, "import", "UserExecutionEngine", `${USER}::UserExecutionEngine`],
  ["app/engines/aliases.py", 3, "import", "ToolExecutionEngine", `${TOOLS}::ToolExecutionEngine`],
  ["app/engines/aliases.py", 3, "alias", "SupervisorExecutionEngine", `${ALIASES}::SupervisorExecutionEngine`],
  ["app/engines/aliases.py", 5, "alias", "ExecutionEngine", `${ALIASES}::ExecutionEngine`],
  ["app/engines/aliases.py", 5, "reference", "UserExecutionEngine", `${USER}::UserExecutionEngine`],
  ["app/engines/base.py", 1, "docstring", "ExecutionEngine", null],
  ["app/engines/base.py", 5, "definition", "BaseExecutionEngine", `${BASE}::BaseExecutionEngine`],
  ["app/engines/base.py", 6, "docstring", "UserExecutionEngine", null],
  ["app/engines/base.py", 6, "docstring", "ToolExecutionEngine", null],
  ["app/engines/tool_engine.py", 1, "import", "BaseExecutionEngine", `${BASE}::BaseExecutionEngine`],
  ["app/engines/tool_engine.py", 4, "definition", "ToolExecutionEngine", `${TOOL}::ToolExecutionEngine`],
  ["app/engines/tool_engine.py", 4, "reference", "BaseExecutionEngine", `${BASE}::BaseExecutionEngine`],
  ["app/engines/tool_engine.py", 5, "comment", "ToolExecutionEngine", null],
  ["app/engines/tool_engine.py", 5, "comment", "UserExecutionEngine", null],
  ["app/engines/user_engine.py", 1, "docstring", "UserExecutionEngine", null],
  ["app/engines/user_engine.py", 2, "import", "BaseExecutionEngine", `${BASE}::BaseExecutionEngine`],
  ["app/engines/user_engine.py", 5, "definition", "UserExecutionEngine", `${USER}::UserExecutionEngine`],
  ["app/engines/user_engine.py", 5, "reference", "BaseExecutionEngine", `${BASE}::BaseExecutionEngine`],
  ["app/engines/user_engine.py", 6, "docstring", "LegacyExecutionEngine", null],
  ["app/engines/user_engine.py", 12, "string", "UserExecutionEngine", null],
  ["app/legacy/tool_engine.py", 4, "definition", "ToolExecutionEngine", `${LEGACY}::ToolExecutionEngine`],
  ["app/legacy/tool_engine.py", 5, "docstring", "UserExecutionEngine", null],
  ["app/legacy/tool_engine.py", 8, "string", "ToolExecutionEngine", null],
  ["app/legacy/tool_engine.py", 11, "alias", "LegacyToolExecutionEngine", `${LEGACY}::LegacyToolExecutionEngine`],
  ["app/legacy/tool_engine.py", 11, "reference", "ToolExecutionEngine", `${LEGACY}::ToolExecutionEngine`],
  ["app/services/runner.py", 1, "docstring", "UserExecutionEngine", null],
  ["app/services/runner.py", 2, "import", "ExecutionEngine", `${ALIASES}::ExecutionEngine`],
  ["app/services/runner.py", 2, "import", "UserExecutionEngine", `${USER}::UserExecutionEngine`],
  ["app/services/runner.py", 3, "import", "SupervisorExecutionEngine", `${ALIASES}::SupervisorExecutionEngine`],
  ["app/services/runner.py", 4, "unresolved", "RemoteExecutionEngine", null],
  ["app/services/runner.py", 8, "docstring", "UserExecutionEngine", null],
  ["app/services/runner.py", 10, "reference", "UserExecutionEngine", `${USER}::UserExecutionEngine`],
  ["app/services/runner.py", 13, "reference", "UserExecutionEngine", `${USER}::UserExecutionEngine`],
  ["app/services/runner.py", 14, "reference", "ExecutionEngine", `${ALIASES}::ExecutionEngine`],
  ["app/services/runner.py", 14, "reference", "SupervisorExecutionEngine", `${ALIASES}::SupervisorExecutionEngine`],
  ["app/services/runner.py", 15, "unresolved", "RemoteExecutionEngine", null],
  ["app/services/runner.py", 18, "comment", "ExecutionEngine", null],
  ["app/services/runner.py", 19, "string", "ExecutionEngine", null],
  ["app/tools/tool_engine.py", 1, "docstring", "ToolExecutionEngine", null],
  ["app/tools/tool_engine.py", 2, "import", "BaseExecutionEngine", `${BASE}::BaseExecutionEngine`],
  ["app/tools/tool_engine.py", 5, "definition", "ToolExecutionEngine", `${TOOLS}::ToolExecutionEngine`],
  ["app/tools/tool_engine.py", 5, "reference", "BaseExecutionEngine", `${BASE}::BaseExecutionEngine`],
  ["app/web/client.ts", 1, "docstring", "UserExecutionEngine", null],
  ["app/web/client.ts", 4, "comment", "ToolExecutionEngine", null],
  ["app/web/client.ts", 5, "definition", "WebExecutionEngine", `${CLIENT}::WebExecutionEngine`],
  ["app/web/client.ts", 6, "string", "WebExecutionEngine", null],
  ["app/web/client.ts", 9, "alias", "BrowserExecutionEngine", `${CLIENT}::BrowserExecutionEngine`],
  ["app/web/client.ts", 9, "reference", "WebExecutionEngine", `${CLIENT}::WebExecutionEngine`],
  ["app/web/client.ts", 11, "reference", "WebExecutionEngine", `${CLIENT}::WebExecutionEngine`],
  ["app/web/client.ts", 12, "reference", "WebExecutionEngine", `${CLIENT}::WebExecutionEngine`],
  ["app/web/index.ts", 1, "import", "WebExecutionEngine", `${CLIENT}::WebExecutionEngine`],
  ["app/web/index.ts", 1, "alias", "DefaultExecutionEngine", `${INDEX}::DefaultExecutionEngine`],
  ["app/web/index.ts", 2, "import", "BrowserExecutionEngine", `${CLIENT}::BrowserExecutionEngine`],
  ["app/web/index.ts", 4, "reference", "BrowserExecutionEngine", `${CLIENT}::BrowserExecutionEngine`],
];

/** What `grep` itself finds in the files the scan reads (the config's default test excludes applied by hand). */
function realGrep(flags: string[]): string {
  return execFileSync(
    "grep",
    [
      "-r",
      ...flags,
      "--include=*.py",
      "--include=*.ts",
      "--exclude=test_*.py",
      "--exclude-dir=tests",
      "-E",
      "\\w*ExecutionEngine\\w*",
      ".",
    ],
    { cwd: FIXTURE, encoding: "utf8", env: { ...process.env, LC_ALL: "C" } },
  );
}

describe("converge explain on the seed-like fixture", () => {
  test("--format json: exact byKind and every hit with its member", async () => {
    const result = await explainJson();
    expect(result.byKind).toEqual({
      definition: 6,
      alias: 5,
      import: 12,
      reference: 13,
      docstring: 10,
      comment: 4,
      string: 6,
      unresolved: 2,
    });
    expect(result.hits.map((h) => [h.file, h.line, h.kind, h.word, h.member ?? null])).toEqual(HITS);
    expect(result.names).toEqual([
      "BaseExecutionEngine",
      "BrowserExecutionEngine",
      "DefaultExecutionEngine",
      "ExecutionEngine",
      "LegacyToolExecutionEngine",
      "SupervisorExecutionEngine",
      "ToolExecutionEngine",
      "UserExecutionEngine",
      "WebExecutionEngine",
    ]);
    // ToolExecutionEngine is defined in three files; an import names which one it means.
    expect(result.definitions.filter((d) => d.name === "ToolExecutionEngine").map((d) => d.key)).toEqual([
      `${TOOL}::ToolExecutionEngine`,
      `${LEGACY}::ToolExecutionEngine`,
      `${TOOLS}::ToolExecutionEngine`,
    ]);
    expect(result.definitions).toHaveLength(11);
    expect(result.files).toEqual({ scanned: 10, withHits: 10, parsed: 10 });
  });

  test("grep: the words, lines and files equal what grep -o finds in the scanned files", async () => {
    const result = await explainJson();
    const words = [...new Set(realGrep(["-h", "-o", "-w"]).split("\n").filter(Boolean))].sort();
    expect(result.grep.words).toEqual(words);
    expect(result.grep.words).toHaveLength(11);
    const lines = realGrep(["-n"]).split("\n").filter(Boolean);
    expect(result.grep.lines).toBe(lines.length);
    expect(result.grep.lines).toBe(45);
    expect(result.grep.files).toBe(new Set(lines.map((l) => l.split(":")[0])).size);
  });

  test("class lines: the usual grep count splits into class names and a docstring mention", async () => {
    const result = await explainJson();
    expect(result.classLines).toEqual({
      lines: 10,
      words: ["BaseExecutionEngine", "LegacyExecutionEngine", "ToolExecutionEngine", "UserExecutionEngine", "WebExecutionEngine"],
      classNames: ["BaseExecutionEngine", "ToolExecutionEngine", "UserExecutionEngine", "WebExecutionEngine"],
      otherWords: ["LegacyExecutionEngine"],
      otherPlaces: { docstring: 1, comment: 0, string: 0, code: 0 },
    });
    // The same count from grep itself: lines holding both `class ` and a matching word.
    const classLines = realGrep(["-n"])
      .split("\n")
      .filter((l) => l.includes("class "));
    expect(classLines).toHaveLength(result.classLines.lines);
  });

  test("files the config leaves out are counted per reason, not listed", async () => {
    const result = await explainJson();
    expect(result.excluded).toEqual([
      { reason: "excluded by `**/tests/**`", files: 2, hits: 5 },
      { reason: "excluded by `**/test_*.py`", files: 1, hits: 2 },
    ]);
    expect(result.hits.some((h) => h.file.startsWith("tests/") || h.file.endsWith("test_runner.py"))).toBe(false);
  });

  test("the table reconciles in one screen", async () => {
    const { code, out } = await explain([]);
    expect(code).toBe(0);
    expect(out.split("\n").slice(0, 7)).toEqual([
      "converge explain · ExecutionEngine · pattern /ExecutionEngine/",
      "",
      "grep: 11 words on 45 lines in 10 files",
      "class lines: 5 words on 10 lines with `class ` → 4 class names + 1 only in docstrings",
      "members: 9 names in 11 definitions (6 classes, 5 aliases); 2 words that are not a member",
      "left out: 5 hits in 2 files, excluded by `**/tests/**`",
      "left out: 2 hits in 1 file, excluded by `**/test_*.py`",
    ]);
    expect(out).toContain("RemoteExecutionEngine     2  unresolved 2");
    expect(out).toContain("LegacyExecutionEngine     1  docstring 1");
  });

  test("--name narrows to one word: its hits, each with the definition it means", async () => {
    const result = await explainJson(["--name", "ToolExecutionEngine"]);
    expect(result.name).toBe("ToolExecutionEngine");
    expect(result.hits.map((h) => [h.file, h.line, h.kind, h.member ?? null])).toEqual(
      HITS.filter((h) => h[3] === "ToolExecutionEngine").map(([file, line, kind, , member]) => [file, line, kind, member]),
    );
    expect(result.grep).toEqual({ lines: 10, files: 6, words: ["ToolExecutionEngine"] });
    expect(result.definitions.map((d) => d.file)).toEqual([TOOL, LEGACY, TOOLS]);
    const table = await explain(["--name", "ToolExecutionEngine"]);
    expect(table.out).toContain(`${LEGACY}     11  reference   ${LEGACY}::ToolExecutionEngine`);
  });

  test("a families config gives one object per family under families", async () => {
    const dir = tempCopy(FIXTURE);
    writeFileSync(
      join(dir, "converge.config.json"),
      JSON.stringify({
        families: [
          { slug: "engines", name: "Execution engines", pattern: "ExecutionEngine", target: 2 },
          { slug: "runners", name: "Runners", pattern: "Runner$", target: 1, exclude: [] },
        ],
      }),
    );
    const { code, out } = await explain(["--format", "json"], dir);
    expect(code).toBe(0);
    const output = ExplainPortfolioSchema.parse(JSON.parse(out));
    expect(output.families.map((f) => [f.family.slug, f.byKind.definition, f.hits.length])).toEqual([
      ["engines", 6, 58],
      ["runners", 1, 3],
    ]);
    const runners = output.families[1] as Explain;
    // Without an exclude, the test file outside tests/ is scanned: its import and use of EngineRunner count.
    expect(runners.hits.map((h) => [h.file, h.line, h.kind, h.word, h.member ?? null])).toEqual([
      ["app/services/runner.py", 7, "definition", "EngineRunner", "app/services/runner.py::EngineRunner"],
      ["app/services/test_runner.py", 1, "import", "EngineRunner", "app/services/runner.py::EngineRunner"],
      ["app/services/test_runner.py", 4, "reference", "EngineRunner", "app/services/runner.py::EngineRunner"],
    ]);
    expect(ExplainOutputSchema.safeParse(output).success).toBe(true);
  });

  test("bad input exits 2 naming what is wrong", async () => {
    expect(await explain(["--format", "csv"])).toMatchObject({
      code: 2,
      err: 'ERROR: --format must be table, json or markdown (got "csv")\n',
    });
    expect(await explain(["--name", "EngineRunner"])).toMatchObject({
      code: 2,
      err: 'ERROR: --name "EngineRunner" does not match the pattern /ExecutionEngine/\n',
    });
    expect(await explain([], join(FIXTURE, "missing"))).toMatchObject({ code: 2 });
    expect((await explain([], join(FIXTURE, "missing"))).err).toMatch(/^ERROR: folder not found: .*missing\n$/);
    expect(await explain(["--bogus"])).toMatchObject({ code: 2 });
  });

  test("markdown escapes names and paths", async () => {
    const dir = tempCopy(FIXTURE);
    writeFileSync(join(dir, "app", "_evil_*ExecutionEngine*.py"), "class Evil_ExecutionEngine_:\n    pass\n");
    const { code, out } = await explain(["--format", "markdown", "--name", "Evil_ExecutionEngine_"], dir);
    expect(code).toBe(0);
    expect(out).toContain("### Why this number? ExecutionEngine (`Evil_ExecutionEngine_`)");
    expect(out).toContain(
      "| app/\\_evil\\_\\*ExecutionEngine\\*.py | 1 | definition | app/\\_evil\\_\\*ExecutionEngine\\*.py::Evil\\_ExecutionEngine\\_ |",
    );
  });

  test.each([
    ["explain", FIXTURE],
    ["seed", join(FIXTURES, "seed")],
    ["python", join(FIXTURES, "python")],
    ["typescript", join(FIXTURES, "typescript")],
  ])("the members explain finds in its own pass are the scan's (%s fixture)", async (_, dir) => {
    const scan = await scanDirectory(dir, { commit: FIXED_COMMIT, workers: 0 });
    const [explained] = (await explainDirectory(dir)).explains;
    const site = (m: { key: string; name: string; kind: string; file: string; line: number }) => [m.key, m.name, m.kind, m.file, m.line];
    expect(explained?.definitions.map(site)).toEqual(scan.inventory.members.map(site));
    expect(explained?.definitions.length).toBeGreaterThan(0);
  });

  test("a pattern nothing matches: zero everywhere, said in words", async () => {
    const dir = tempCopy(FIXTURE);
    writeFileSync(join(dir, "converge.config.json"), JSON.stringify({ pattern: "NoSuchThing" }));
    const result = await explainJson([], dir);
    expect([result.grep, result.hits, result.names, result.excluded]).toEqual([{ lines: 0, files: 0, words: [] }, [], [], []]);
    expect(Object.values(result.byKind)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(result.files).toEqual({ scanned: 10, withHits: 0, parsed: 0 });
    expect((await explain([], dir)).out).toContain("No word in the scanned files matches the pattern.");
  });
});
