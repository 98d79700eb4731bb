import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";
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
    const parser = new Parser();
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
