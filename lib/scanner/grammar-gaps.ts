/**
 * Bridges the gap between the newest tree-sitter grammars on npm and the languages as they are today.
 *
 * `tree-sitter-typescript` 0.23.2 is the newest build anywhere on npm (VS Code's, repomix's and
 * cursorless's prebuilt wasm bundles ship the same or older grammar, and upstream's default branch
 * lacks the same syntax), so a handful of constructs that TypeScript accepts come out as ERROR
 * nodes: `export type *`, `accessor`, `in`/`out` variance, `for (using …)`, `import defer`,
 * members named `abstract`/`accessor`, variables named `using`, and a bare `&` in a JSX attribute string. Python's grammar lacks PEP 696 type-parameter defaults.
 *
 * When a file's first parse has an error, we compute a same-length rewrite that expresses each such
 * construct in syntax the grammar knows (a keyword blanked to spaces, `using` spelled `const`, a
 * member name's first letter swapped), and the caller parses that instead. Every offset, line and
 * column stays the same, and the caller reads node text from the original source, so extraction
 * sees the file exactly as written. For TypeScript/JavaScript the TypeScript compiler's own parser
 * finds the constructs, so only syntax that TypeScript itself accepts is rewritten; a real syntax
 * error stays an error.
 */
import { createRequire } from "node:module";
import type * as TS from "typescript";
import type { Node, Tree } from "web-tree-sitter";
import type { Grammar } from "./types";

interface Edit {
  start: number;
  end: number;
  replacement: string;
}

const require = createRequire(import.meta.url);
let typescript: typeof TS | null = null;

function loadTypeScript(): typeof TS {
  typescript ??= require("typescript") as typeof TS;
  return typescript;
}

let warmUpScheduled = false;

/**
 * Loads the compiler between files, once a thread has parsed TypeScript or JavaScript: its load
 * time (a quarter of a second, several on a busy machine) would otherwise be charged to the time
 * budget of the first file that needs it. Python-only scans never load it.
 */
export function warmUpTypeScript(): void {
  if (typescript || warmUpScheduled) return;
  warmUpScheduled = true;
  setImmediate(() => {
    try {
      loadTypeScript();
    } catch {
      // a file that needs it loads it again and reports the error as its own
    }
  }).unref();
}

/**
 * The source rewritten so the grammar can parse the constructs it lags behind, or null when there
 * is nothing to rewrite. The result always has the same length as `text`.
 */
export function bridgeGrammarGaps(grammar: Grammar, text: string, tree: Tree): string | null {
  const edits = grammar === "python" ? pythonEdits(text, tree.rootNode) : typeScriptEdits(grammar, text);
  return edits.length === 0 ? null : applyEdits(text, edits);
}

function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) continue; // overlapping edits: the first one wins
    if (edit.replacement.length !== edit.end - edit.start) throw new Error("grammar-gap edit must keep the length");
    out += text.slice(at, edit.start) + edit.replacement;
    at = edit.end;
  }
  return out + text.slice(at);
}

const blank = (start: number, end: number): Edit => ({ start, end, replacement: " ".repeat(end - start) });

// ---------------------------------------------------------------- TypeScript / JavaScript

/** Member names the grammar mistakes for a modifier when they stand first (`abstract: boolean;`). */
const MODIFIER_LIKE_NAMES = new Set(["abstract", "accessor"]);

const SCRIPT_KIND: Record<Exclude<Grammar, "python">, (ts: typeof TS) => TS.ScriptKind> = {
  typescript: (ts) => ts.ScriptKind.TS,
  tsx: (ts) => ts.ScriptKind.TSX,
  javascript: (ts) => ts.ScriptKind.JSX,
};

function typeScriptEdits(grammar: Exclude<Grammar, "python">, text: string): Edit[] {
  const ts = loadTypeScript();
  const source = ts.createSourceFile("file", text, ts.ScriptTarget.Latest, false, SCRIPT_KIND[grammar](ts));
  const edits: Edit[] = [];
  const visit = (node: TS.Node): void => {
    edits.push(...editsFor(ts, source, node));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edits;
}

function editsFor(ts: typeof TS, source: TS.SourceFile, node: TS.Node): Edit[] {
  if (ts.isExportDeclaration(node)) return typeOnlyStarExport(ts, source, node);
  if (ts.isImportDeclaration(node)) return deferredImport(ts, source, node);
  if (ts.isMetaProperty(node)) return deferredDynamicImport(ts, source, node);
  if (ts.isForOfStatement(node) || ts.isForStatement(node)) return usingInLoopHead(ts, source, node.initializer);
  const edits: Edit[] = [];
  if (ts.canHaveModifiers(node)) edits.push(...unsupportedModifiers(ts, source, node));
  if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) return ampersandsIn(source, node.initializer);
  if (ts.isIdentifier(node) && node.text === "using") {
    // `using` as a plain name (`${using.join(", ")}`): the grammar reads it as the declaration keyword.
    const start = node.getStart(source);
    return [{ start, end: start + 1, replacement: "_" }];
  }
  const name = (node as { name?: TS.Node }).name;
  if (name && ts.isIdentifier(name) && isMemberLike(ts, node) && MODIFIER_LIKE_NAMES.has(name.text)) {
    const start = name.getStart(source);
    edits.push({ start, end: start + 1, replacement: "_" });
  }
  return edits;
}

function isMemberLike(ts: typeof TS, node: TS.Node): boolean {
  return ts.isClassElement(node) || ts.isTypeElement(node) || ts.isObjectLiteralElementLike(node);
}

/** `src="a?x=1&type=star"`: the grammar reads a bare `&` in a JSX attribute string as a broken entity. */
function ampersandsIn(source: TS.SourceFile, literal: TS.StringLiteral): Edit[] {
  const start = literal.getStart(source);
  const edits: Edit[] = [];
  for (let at = source.text.indexOf("&", start); at !== -1 && at < literal.end; at = source.text.indexOf("&", at + 1)) {
    edits.push({ start: at, end: at + 1, replacement: "_" });
  }
  return edits;
}

/** `export type * from` / `export type * as ns from` → the same without `type`. */
function typeOnlyStarExport(ts: typeof TS, source: TS.SourceFile, node: TS.ExportDeclaration): Edit[] {
  if (!node.isTypeOnly || (node.exportClause && !ts.isNamespaceExport(node.exportClause))) return [];
  const token = firstToken(ts, source, node.getStart(source), node.end, ts.SyntaxKind.TypeKeyword);
  return token ? [blank(token.start, token.end)] : [];
}

/** `import defer * as ns from` → `import * as ns from`. */
function deferredImport(ts: typeof TS, source: TS.SourceFile, node: TS.ImportDeclaration): Edit[] {
  const clause = node.importClause;
  if (!clause || clause.phaseModifier !== ts.SyntaxKind.DeferKeyword) return [];
  const token = firstToken(ts, source, node.getStart(source), clause.end, ts.SyntaxKind.DeferKeyword);
  return token ? [blank(token.start, token.end)] : [];
}

/** `import.defer("x")` → `import("x")`. */
function deferredDynamicImport(ts: typeof TS, source: TS.SourceFile, node: TS.MetaProperty): Edit[] {
  if (node.keywordToken !== ts.SyntaxKind.ImportKeyword || node.name.text !== "defer") return [];
  return [blank(node.getStart(source) + "import".length, node.end)];
}

/** `for (using x of …)` / `for (await using x of …)` → `for (const x of …)`. */
function usingInLoopHead(ts: typeof TS, source: TS.SourceFile, initializer: TS.ForInitializer | undefined): Edit[] {
  if (!initializer || !ts.isVariableDeclarationList(initializer)) return [];
  const scope = initializer.flags & ts.NodeFlags.BlockScoped;
  if (scope !== ts.NodeFlags.Using && scope !== ts.NodeFlags.AwaitUsing) return [];
  const first = initializer.declarations[0];
  if (!first) return [];
  const start = initializer.getStart(source);
  const end = first.getStart(source);
  if (end - start < "const ".length) return [];
  return [{ start, end, replacement: "const".padEnd(end - start, " ") }];
}

/** The `accessor` modifier and `in`/`out` variance annotations: blanked, the rest is unchanged. */
function unsupportedModifiers(ts: typeof TS, source: TS.SourceFile, node: TS.HasModifiers): Edit[] {
  const unsupported = new Set<TS.SyntaxKind>([ts.SyntaxKind.AccessorKeyword, ts.SyntaxKind.InKeyword, ts.SyntaxKind.OutKeyword]);
  return (ts.getModifiers(node) ?? [])
    .filter((modifier) => unsupported.has(modifier.kind))
    .map((modifier) => blank(modifier.getStart(source), modifier.end));
}

/** The first token of `kind` between two offsets, found with the compiler's own scanner (comments skipped). */
function firstToken(
  ts: typeof TS,
  source: TS.SourceFile,
  from: number,
  to: number,
  kind: TS.SyntaxKind,
): { start: number; end: number } | null {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, source.languageVariant, source.text);
  scanner.resetTokenState(from);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken && scanner.getTokenEnd() <= to; token = scanner.scan()) {
    if (token === kind) return { start: scanner.getTokenStart(), end: scanner.getTokenEnd() };
  }
  return null;
}

// ---------------------------------------------------------------- Python

/** PEP 696 defaults (`class A[T = int]`): the `= default` parts are blanked inside broken type-parameter lists. */
function pythonEdits(text: string, root: Node): Edit[] {
  const edits: Edit[] = [];
  const visit = (node: Node): void => {
    if (!node.hasError) return;
    if (node.type === "type_parameter" && text[node.startIndex] === "[") {
      edits.push(...typeParameterDefaults(text, node.startIndex));
      return;
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return edits;
}

const OPENERS = new Set(["(", "[", "{"]);
const CLOSERS = new Set([")", "]", "}"]);

/** Scans `[T = int, *Ts = (), U: str = "x"]` from its `[` and blanks each top-level `= default`. */
function typeParameterDefaults(text: string, open: number): Edit[] {
  const edits: Edit[] = [];
  let depth = 0;
  let defaultStart = -1;
  for (let at = open; at < text.length; at++) {
    const char = text[at] as string;
    if (char === '"' || char === "'") {
      at = skipString(text, at);
      continue;
    }
    if (OPENERS.has(char)) depth++;
    else if (CLOSERS.has(char)) depth--;
    const closesList = depth === 0;
    const endsItem = closesList || (depth === 1 && char === ",");
    if (endsItem && defaultStart !== -1) {
      edits.push(blank(defaultStart, at));
      defaultStart = -1;
    }
    if (closesList) break;
    if (depth === 1 && char === "=" && defaultStart === -1 && !isComparison(text, at)) defaultStart = at;
  }
  return edits;
}

function isComparison(text: string, at: number): boolean {
  return "=<>!:".includes(text[at - 1] ?? "") || text[at + 1] === "=";
}

/** The index of a string literal's closing quote (single-line strings: enough for a default). */
function skipString(text: string, open: number): number {
  const quote = text[open];
  for (let at = open + 1; at < text.length; at++) {
    if (text[at] === "\\") at++;
    else if (text[at] === quote || text[at] === "\n") return at;
  }
  return text.length;
}
