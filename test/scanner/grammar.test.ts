/**
 * Current syntax parses: every construct today's TypeScript, JavaScript and Python accept comes out
 * of the scanner's parsers without an ERROR or MISSING node, and extraction reads the file as written.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";
import { beforeAll, describe, expect, it } from "vitest";
import { createExtractor, resolveConfig, toExtractOptions } from "@/lib/scanner";
import { createParsers, type Parsers } from "@/lib/scanner/parsers";
import type { Grammar } from "@/lib/scanner/types";
import { FIXTURES } from "./helpers";

const GRAMMAR_FIXTURES = join(FIXTURES, "grammar");
const fixture = (name: string): string => readFileSync(join(GRAMMAR_FIXTURES, name), "utf8");

/** "line: text" of every ERROR or MISSING node, so a failure names the construct. */
function syntaxErrors(tree: Tree, source: string): string[] {
  const lines = source.split("\n");
  const out: string[] = [];
  const visit = (node: Node): void => {
    if (node.isError || node.isMissing) {
      const row = node.startPosition.row;
      out.push(`${row + 1}: ${(lines[row] ?? "").trim()}`);
      return;
    }
    if (node.hasError) for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return out;
}

function descendants(node: Node, type: string): Node[] {
  return node.descendantsOfType(type).filter((n): n is Node => n !== null);
}

let parsers: Parsers;
beforeAll(async () => {
  parsers = await createParsers();
});

function parse(grammar: Grammar, source: string): Tree {
  const tree = parsers.get(grammar).parse(source);
  if (!tree) throw new Error(`no tree for ${grammar}`);
  return tree;
}

const CASES: Array<{ file: string; grammars: Grammar[] }> = [
  { file: "constructs.ts", grammars: ["typescript", "tsx"] },
  { file: "constructs.js", grammars: ["javascript"] },
  { file: "constructs.py", grammars: ["python"] },
];

describe("every current construct parses without a syntax error", () => {
  for (const { file, grammars } of CASES) {
    for (const grammar of grammars) {
      it(`${file} with the ${grammar} grammar`, () => {
        const source = fixture(file);
        const tree = parse(grammar, source);
        expect(syntaxErrors(tree, source)).toEqual([]);
        expect(tree.rootNode.hasError).toBe(false);
        // Node text is the file as written, byte for byte, whatever the parser did to get there.
        expect(tree.rootNode.text).toBe(source);
        tree.delete();
      });
    }
  }

  it("Python 3.14: unparenthesized except lists and template strings", () => {
    const source = ["try:", "    pass", "except ValueError, TypeError:", "    pass", 'greeting = t"hello {name!r}"', ""].join("\n");
    const tree = parse("python", source);
    expect(syntaxErrors(tree, source)).toEqual([]);
    tree.delete();
  });
});

describe("the bare grammars lag behind (why the scanner bridges them)", () => {
  const require = createRequire(import.meta.url);
  const WASM: Record<Grammar, string> = {
    typescript: "tree-sitter-typescript/tree-sitter-typescript.wasm",
    tsx: "tree-sitter-typescript/tree-sitter-tsx.wasm",
    javascript: "tree-sitter-javascript/tree-sitter-javascript.wasm",
    python: "tree-sitter-python/tree-sitter-python.wasm",
  };
  const SAMPLES: Array<[Grammar, string]> = [
    ["typescript", 'export type * from "./types";\n'],
    ["typescript", 'export type * as Types from "./types";\n'],
    ["typescript", "class A { static accessor shared = 1; }\n"],
    ["typescript", "interface Producer<out T> { make(): T }\n"],
    ["typescript", "function f() { for (using x of xs) {} }\n"],
    ["typescript", 'import defer * as heavy from "./heavy";\n'],
    ["typescript", "class EntityMetadata { abstract: boolean = false; }\n"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: fixture source code containing a template literal
    ["typescript", 'const using = ["btree"];\nconst sql = `index ${using.join(", ")}`;\n'],
    ["javascript", "class A { @dec accessor count = 0; }\n"],
    ["javascript", 'export const Star = () => <iframe src="https://example.com/btn.html?user=a&repo=b&type=star" />;\n'],
    ["python", "class WithDefault[T = int]:\n    pass\n"],
  ];

  it.each(SAMPLES)("%s: %j fails bare and parses through the scanner", async (grammar, source) => {
    const bare = new Parser();
    bare.setLanguage(await Language.load(readFileSync(require.resolve(WASM[grammar]))));
    const bareTree = bare.parse(source);
    expect(bareTree?.rootNode.hasError).toBe(true);
    bareTree?.delete();
    bare.delete();

    const tree = parse(grammar, source);
    expect(syntaxErrors(tree, source)).toEqual([]);
    tree.delete();
  });
});

describe("the bridge never hides a real error or changes what extraction sees", () => {
  it("a real syntax error after a bridged construct is still reported on its own line", () => {
    const source = 'export type * from "./types";\nexport class Broken {\n  method( {\n}\n';
    const tree = parse("typescript", source);
    expect(tree.rootNode.hasError).toBe(true);
    expect(syntaxErrors(tree, source).every((line) => !line.startsWith("1:"))).toBe(true);
    tree.delete();
  });

  it("member names that look like modifiers read as written", () => {
    const source = fixture("constructs.ts");
    const tree = parse("typescript", source);
    const metadata = descendants(tree.rootNode, "class_declaration").find(
      (node) => node.childForFieldName("name")?.text === "EntityMetadata",
    );
    const names = descendants(metadata as Node, "property_identifier").map((node) => node.text);
    expect(names).toEqual(expect.arrayContaining(["abstract", "accessor", "abstract2", "modern"]));
    expect(names).not.toContain("_bstract");
    tree.delete();
  });

  it("extracts a family from a file full of current syntax, with lines and names as written", async () => {
    const extractor = await createExtractor(toExtractOptions(resolveConfig({ pattern: "Driver$" })));
    const source = [
      'export type * from "./typings";', // 1
      'export type * as Types from "./typings";', // 2
      'import defer * as heavy from "./heavy";', // 3
      "interface Connection<in out T> { query(sql: string): T }", // 4
      "export abstract class DatabaseDriver<C> {", // 5
      "  abstract: boolean = false;", // 6
      "  @observable accessor connected = false;", // 7
      "  static accessor instances = 0;", // 8
      "  accessor(value: string): this { return this; }", // 9
      "  async close(): Promise<void> { for (await using c of this.pool) { void c; } }", // 10
      "}", // 11
      "export class SqliteDriver extends DatabaseDriver<string> {", // 12
      "  constructor(readonly config: Record<string, unknown>) { super(); }", // 13
      "}", // 14
      "export { SqliteDriver as DefaultDriver };", // 15
      "",
    ].join("\n");
    const extraction = extractor.extractFile("src/index.ts", new TextEncoder().encode(source));
    expect(extraction.issue).toBeNull();
    expect(extraction.status).toBe("ok");
    const byName = new Map(extraction.members.map((member) => [member.name, member]));
    expect([...byName.keys()].sort()).toEqual(["DatabaseDriver", "DefaultDriver", "SqliteDriver"]);
    expect(byName.get("DatabaseDriver")).toMatchObject({ line: 5, endLine: 11, kind: "class" });
    expect(byName.get("DatabaseDriver")?.methods).toEqual(expect.arrayContaining(["accessor", "close"]));
    expect(byName.get("SqliteDriver")).toMatchObject({ line: 12, endLine: 14, bases: ["DatabaseDriver"] });
    expect(byName.get("DefaultDriver")).toMatchObject({ line: 15, kind: "alias", aliasOf: "SqliteDriver" });
  });

  it("extracts Python members declared with PEP 695 and PEP 696 generics", async () => {
    const extractor = await createExtractor(toExtractOptions(resolveConfig({ pattern: "Backend$" })));
    const source = [
      "type Handler[T = bytes] = Callable[[T], None]",
      "",
      "class RedisBackend[K: str = str, *Ts]:",
      "    def get[V = int](self, key: K) -> V: ...",
      "",
      "LegacyBackend = RedisBackend",
      "",
    ].join("\n");
    const extraction = extractor.extractFile("celery/backends/redis.py", new TextEncoder().encode(source));
    expect(extraction.issue).toBeNull();
    expect(extraction.members.map((member) => [member.name, member.line, member.kind])).toEqual([
      ["RedisBackend", 3, "class"],
      ["LegacyBackend", 6, "alias"],
    ]);
    expect(extraction.members[0]?.methods).toEqual(["get"]);
  });
});
