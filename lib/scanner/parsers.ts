import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Language, Parser, type ParseCallback, type ParseOptions, type Tree } from "web-tree-sitter";
import { bridgeGrammarGaps, warmUpTypeScript } from "./grammar-gaps";
import type { Grammar, Language as SourceLanguage } from "./types";

const require = createRequire(import.meta.url);

/** Grammar wasm files shipped inside the npm packages; nothing is fetched. */
const GRAMMAR_FILES: Record<Grammar, string> = {
  python: "tree-sitter-python/tree-sitter-python.wasm",
  typescript: "tree-sitter-typescript/tree-sitter-typescript.wasm",
  tsx: "tree-sitter-typescript/tree-sitter-tsx.wasm",
  javascript: "tree-sitter-javascript/tree-sitter-javascript.wasm",
};

const EXTENSIONS: Record<string, { grammar: Grammar; language: SourceLanguage }> = {
  ".py": { grammar: "python", language: "python" },
  ".pyi": { grammar: "python", language: "python" },
  ".ts": { grammar: "typescript", language: "typescript" },
  ".mts": { grammar: "typescript", language: "typescript" },
  ".cts": { grammar: "typescript", language: "typescript" },
  ".tsx": { grammar: "tsx", language: "typescript" },
  ".js": { grammar: "javascript", language: "javascript" },
  ".mjs": { grammar: "javascript", language: "javascript" },
  ".cjs": { grammar: "javascript", language: "javascript" },
  ".jsx": { grammar: "javascript", language: "javascript" },
};

export function languageOf(file: string): { grammar: Grammar; language: SourceLanguage } | null {
  const dot = file.lastIndexOf(".");
  if (dot === -1) return null;
  return EXTENSIONS[file.slice(dot).toLowerCase()] ?? null;
}

export interface Parsers {
  get(grammar: Grammar): Parser;
}

/**
 * A parser that, when a file does not parse, retries once with the constructs its grammar lags
 * behind rewritten to same-length equivalents (see grammar-gaps.ts). The tree it returns reads its
 * node text from the original source, so callers cannot tell the retry happened.
 */
class CurrentSyntaxParser extends Parser {
  constructor(private readonly grammar: Grammar) {
    super();
  }

  override parse(input: string | ParseCallback, oldTree?: Tree | null, options?: ParseOptions): Tree | null {
    if (this.grammar !== "python") warmUpTypeScript();
    const tree = super.parse(input, oldTree, options);
    if (!tree?.rootNode.hasError || typeof input !== "string" || oldTree) return tree;
    const bridged = bridgeGrammarGaps(this.grammar, input, tree);
    if (bridged === null) return tree;
    const retried = super.parse(bridged, null, options);
    if (!retried) return tree; // the time budget ran out: the caller reports it
    tree.delete();
    readTextFrom(retried, input);
    return retried;
  }
}

/** Points a tree's node text at the original source (same length as the parsed one, so every offset holds). */
function readTextFrom(tree: Tree, source: string): void {
  // textCallback is web-tree-sitter's internal field, so it is looked up at run time, not typed.
  if ("textCallback" in tree && typeof tree.textCallback === "function") tree.textCallback = (index: number) => source.slice(index);
}

let initialized: Promise<void> | null = null;
const languages = new Map<Grammar, Promise<Language>>();

function loadLanguage(grammar: Grammar): Promise<Language> {
  let language = languages.get(grammar);
  if (!language) {
    language = Language.load(readFileSync(require.resolve(GRAMMAR_FILES[grammar])));
    languages.set(grammar, language);
  }
  return language;
}

/** Initializes web-tree-sitter and the grammars once per thread; each caller gets its own parsers. */
export async function createParsers(grammars: readonly Grammar[] = ["python", "typescript", "tsx", "javascript"]): Promise<Parsers> {
  initialized ??= Parser.init();
  await initialized;
  const loaded = new Map<Grammar, Parser>();
  for (const grammar of grammars) {
    const parser = new CurrentSyntaxParser(grammar);
    parser.setLanguage(await loadLanguage(grammar));
    loaded.set(grammar, parser);
  }
  return {
    get(grammar) {
      const parser = loaded.get(grammar);
      if (!parser) throw new Error(`grammar ${grammar} was not loaded`);
      return parser;
    },
  };
}
