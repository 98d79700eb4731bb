import type { Node } from "web-tree-sitter";
import { candidateWords, type FamilyPattern } from "../pattern";
import type { Occurrence, OccurrenceKind } from "./types";

/** Every matching word's span, in text order. */
export function spansOf(text: string, family: FamilyPattern): Array<[number, number]> {
  return [...candidateWords(text, family)].sort((a, b) => a[0] - b[0]);
}

/** The node exactly covering a span when it is one of `types` (an identifier), else null. */
export function exactNode(root: Node, start: number, end: number, types: ReadonlySet<string>): Node | null {
  const node = root.descendantForIndex(start, end);
  if (!node || !types.has(node.type) || node.startIndex !== start || node.endIndex !== end) return null;
  return node;
}

/** The nearest ancestor (or the node itself) of one of `types`. */
export function enclosing(node: Node | null, types: ReadonlySet<string>): Node | null {
  for (let p = node; p; p = p.parent) if (types.has(p.type)) return p;
  return null;
}

export function sameSpan(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex;
}

/** Line of a text offset (1-based), with a sorted table of line starts built once per file. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

export function occurrence(word: string, line: number, kind: OccurrenceKind, extra: Partial<Occurrence> = {}): Occurrence {
  return { word, line, kind, ...extra };
}

/** `a/b/../c` → `a/c`; null when it climbs above the root. */
export function normalizePath(path: string): string | null {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

export function dirOf(file: string): string {
  const slash = file.lastIndexOf("/");
  return slash === -1 ? "" : file.slice(0, slash);
}

/** Marks an occurrence whose line contains `class ` (what the usual `grep 'class .*Pattern'` count looks at). */
export function onClassLine(found: Occurrence, text: string, offset: number): Occurrence {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const newline = text.indexOf("\n", offset);
  const line = text.slice(start, newline === -1 ? text.length : newline);
  if (line.includes("class ")) found.classLine = true;
  return found;
}

/** A file that did not parse (in time): its words are kept, as references the reconciliation resolves by name. */
export function textOccurrences(
  text: string,
  family: FamilyPattern,
): { occurrences: Occurrence[]; imports: Record<string, string | null> } {
  const occurrences: Occurrence[] = [];
  const lineOf = lineIndex(text);
  for (const [start, end] of spansOf(text, family))
    occurrences.push({ word: text.slice(start, end), line: lineOf(start), kind: "reference" });
  return { occurrences, imports: {} };
}

/** How many words match the pattern in a text (files left out by the config: counted, never parsed). */
export function countWords(text: string, family: FamilyPattern): number {
  let count = 0;
  for (const _ of candidateWords(text, family)) count++;
  return count;
}
