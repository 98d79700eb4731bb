import { createHash } from "node:crypto";
import type { Node } from "web-tree-sitter";
import { candidateWords, IDENT_CHAR } from "../pattern";
import type { ExtractOptions, ExtractedMember, Language } from "../types";

/** The state one file's extraction shares between helpers. */
export interface FileContext {
  file: string;
  text: string;
  language: Language;
  pattern: RegExp;
  events: RegExp;
  literals: string[] | null;
  options: ExtractOptions;
  deadline: number;
  lines(): string[];
}

export class BudgetExceeded extends Error {}

export function checkDeadline(ctx: FileContext): void {
  if (performance.now() > ctx.deadline) throw new BudgetExceeded("time budget exceeded");
}

/**
 * Spans of identifier-like tokens in the text that match the family pattern (the prefilter's own
 * candidate search). Only text spans: the tree decides whether each is syntax (a class name) or
 * sits in a comment or string.
 */
export function matchingSpans(ctx: FileContext): Array<[number, number]> {
  return [...candidateWords(ctx.text, { source: ctx.pattern.source, regex: ctx.pattern, literals: ctx.literals })].sort(
    (a, b) => a[0] - b[0],
  );
}

/** Spans of an exact word (e.g. `DeprecationWarning`) as a whole identifier. */
export function wordSpans(text: string, word: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = text.indexOf(word);
  while (at !== -1) {
    const end = at + word.length;
    const before = at > 0 ? (text[at - 1] as string) : " ";
    const after = end < text.length ? (text[end] as string) : " ";
    if (!IDENT_CHAR.test(before) && !IDENT_CHAR.test(after)) out.push([at, end]);
    at = text.indexOf(word, end);
  }
  return out;
}

/** The identifier node exactly covering a span, or null (the span is inside a comment, string, ...). */
export function identifierAt(root: Node, start: number, end: number, types: ReadonlySet<string>): Node | null {
  const node = root.descendantForIndex(start, end);
  if (!node || !types.has(node.type) || node.startIndex !== start || node.endIndex !== end) return null;
  return node;
}

export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Lines of code in [startRow, endRow]: not blank, not comment-only, not in a docstring. */
export function countLoc(
  lines: readonly string[],
  startRow: number,
  endRow: number,
  skipRows: ReadonlySet<number>,
  commentPrefixes: readonly string[],
): number {
  let loc = 0;
  for (let row = startRow; row <= endRow; row++) {
    if (skipRows.has(row)) continue;
    const line = (lines[row] ?? "").trim();
    if (line === "" || commentPrefixes.some((p) => line.startsWith(p))) continue;
    loc++;
  }
  return loc;
}

/** Hash of the member's code lines (trimmed, blank/comment lines dropped): equal after a move. */
export function bodyHash(
  lines: readonly string[],
  startRow: number,
  endRow: number,
  skipRows: ReadonlySet<number>,
  commentPrefixes: readonly string[],
): string {
  const hash = createHash("sha256");
  for (let row = startRow; row <= endRow; row++) {
    if (skipRows.has(row)) continue;
    const line = (lines[row] ?? "").trim();
    if (line === "" || commentPrefixes.some((p) => line.startsWith(p))) continue;
    hash.update(line).update("\n");
  }
  return hash.digest("hex");
}

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function isClassLike(name: string): boolean {
  return /^_*\p{Lu}/u.test(name) && /\p{Ll}/u.test(name);
}

export function rowRange(node: Node, into: Set<number>): void {
  for (let row = node.startPosition.row; row <= node.endPosition.row; row++) into.add(row);
}

export function bump(map: Record<string, number>, name: string, by = 1): void {
  map[name] = (map[name] ?? 0) + by;
}

/** Defaults for the fields an alias does not have. */
export function aliasMember(
  ctx: FileContext,
  fields: {
    name: string;
    qualifiedName: string;
    node: Node;
    aliasOf: string;
    aliasVia: ExtractedMember["aliasVia"];
    deprecated: boolean;
    deprecatedReason: string | null;
  },
): ExtractedMember {
  const line = fields.node.startPosition.row + 1;
  return {
    name: fields.name,
    qualifiedName: fields.qualifiedName,
    kind: "alias",
    language: ctx.language,
    file: ctx.file,
    line,
    endLine: fields.node.endPosition.row + 1,
    loc: 1,
    bases: [],
    decorators: [],
    constructor: null,
    methods: [],
    abstract: false,
    abstractReason: null,
    onlyAbstractMethods: false,
    protocol: false,
    ambient: false,
    deprecated: fields.deprecated,
    deprecatedReason: fields.deprecatedReason,
    deprecatedMethods: [],
    aliasOf: fields.aliasOf,
    aliasVia: fields.aliasVia,
    emits: 0,
    bodyHash: hashText(`alias ${fields.name} -> ${fields.aliasOf}`),
    calls: {},
    delegatingMethods: 0,
    publicMethodCount: 0,
    returns: [],
    candidate: false,
  };
}

/** Last dotted component: `pkg.mod.UserExecutionEngine` → `UserExecutionEngine`. */
export function lastName(text: string): string {
  const parts = text.split(".");
  return (parts[parts.length - 1] ?? text).trim();
}
