/**
 * The reconciliation (issue #13): every text hit of a family's pattern resolved to what it is, from the
 * members and each file's occurrences, and what it yields for the inventory (each member's usages and
 * the scan's reconciliation counts). Pure: the same members and occurrences give the same result.
 */
import { emptyByKind, EXPLAIN_SCHEMA_VERSION, type Explain, type Hit, type HitKind } from "../contract/explain";
import { LIMITS, type Member, type Reconciliation } from "../contract/inventory";
import type { FileOccurrences, Occurrence } from "./occurrences";
import { dirOf, normalizePath } from "./occurrences/common";
import type { FileExtraction } from "./types";

export type ExplainMember = Pick<Member, "key" | "name" | "kind" | "file" | "line" | "endLine">;

export interface ExcludedCount {
  reason: string;
  files: number;
  hits: number;
}

export interface ReconcileInput {
  family: { slug: string | null; name: string | null; pattern: string };
  /** The inventory's members, in inventory order (file, then line). */
  members: readonly ExplainMember[];
  /** Scanned files that hold at least one occurrence. */
  files: readonly FileOccurrences[];
  excluded: readonly ExcludedCount[];
  scanned: number;
  parsed: number;
  /** Narrow everything to this word. */
  name?: string | null;
}

const stem = (file: string) => file.replace(/\.[^./]+$/, "");

/** A module path (`pkg/engine`) names a member's file when the file's path ends with it (a package: its `__init__`/`index`). */
function moduleHolds(module: string, file: string): boolean {
  const path = stem(file);
  for (const candidate of [module, `${module}/__init__`, `${module}/index`]) {
    if (path === candidate || path.endsWith(`/${candidate}`)) return true;
  }
  return false;
}

/** An import's module as a root-relative path: `./x` and `../x` are relative to the importing file. */
function resolveModule(file: string, module: string | null | undefined): string | null {
  if (!module) return null;
  if (module.startsWith("./") || module.startsWith("../")) return normalizePath(`${dirOf(file)}/${module}`);
  return module;
}

class MemberIndex {
  private readonly byName = new Map<string, ExplainMember[]>();
  private readonly byFile = new Map<string, ExplainMember[]>();

  constructor(members: readonly ExplainMember[]) {
    for (const m of members) {
      this.byName.set(m.name, [...(this.byName.get(m.name) ?? []), m]);
      this.byFile.set(m.file, [...(this.byFile.get(m.file) ?? []), m]);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The member defined at this site: same file, name and kind, the innermost one whose lines hold the hit. */
  definedAt(file: string, word: string, kind: "class" | "alias", line: number): ExplainMember | null {
    let best: ExplainMember | null = null;
    for (const m of this.byFile.get(file) ?? []) {
      if (m.name !== word || m.kind !== kind || line < m.line || line > m.endLine) continue;
      if (!best || m.line > best.line) best = m;
    }
    return best;
  }

  inFile(file: string, word: string): ExplainMember | null {
    return (this.byFile.get(file) ?? []).find((m) => m.name === word) ?? null;
  }

  inModule(module: string | null, word: string): ExplainMember | null {
    if (module === null) return null;
    return (this.byName.get(word) ?? []).find((m) => moduleHolds(module, m.file)) ?? null;
  }

  first(word: string): ExplainMember | null {
    return this.byName.get(word)?.[0] ?? null;
  }
}

/** Which member a code occurrence refers to: its own file's definition first, else the imported module's, else the first definition. */
function resolveHit(index: MemberIndex, file: FileOccurrences, o: Occurrence): { kind: HitKind; member?: ExplainMember } {
  switch (o.kind) {
    case "docstring":
    case "comment":
    case "string":
      return { kind: o.kind };
    case "definition":
    case "alias": {
      const member = index.definedAt(file.file, o.word, o.kind === "definition" ? "class" : "alias", o.line);
      return member ? { kind: o.kind, member } : { kind: "unresolved" };
    }
    case "import": {
      const member = index.inModule(resolveModule(file.file, o.module), o.word) ?? index.first(o.word);
      return member ? { kind: "import", member } : { kind: "unresolved" };
    }
    case "reference": {
      const imported = o.word in file.imports ? resolveModule(file.file, file.imports[o.word]) : null;
      const member = index.inFile(file.file, o.word) ?? index.inModule(imported, o.word) ?? index.first(o.word);
      return member ? { kind: "reference", member } : { kind: "unresolved" };
    }
  }
}

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

/** Every hit with its kind and member, the counts per kind, and the text search it reconciles with. */
export function reconcile(input: ReconcileInput): Explain {
  const name = input.name ?? null;
  const members = name === null ? input.members : input.members.filter((m) => m.name === name);
  const index = new MemberIndex(input.members);
  const files = [...input.files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const hits: Hit[] = [];
  const classLineHits: Array<{ hit: Hit }> = [];
  for (const file of files) {
    for (const o of file.occurrences) {
      if (name !== null && o.word !== name) continue;
      const resolved = resolveHit(index, file, o);
      const hit: Hit = { file: file.file, line: o.line, kind: resolved.kind, word: o.word };
      if (resolved.member) hit.member = resolved.member.key;
      hits.push(hit);
      if (o.classLine) classLineHits.push({ hit });
    }
  }
  const byKind = emptyByKind();
  for (const hit of hits) byKind[hit.kind]++;
  const lineKey = (hit: Hit) => `${hit.file}\n${hit.line}`;
  const classWords = sortedUnique(classLineHits.map(({ hit }) => hit.word));
  // A class line's word is a class name when that line defines it; the rest are prose (docstrings, comments) or other code.
  const definedOnClassLine = new Set(classLineHits.filter(({ hit }) => hit.kind === "definition").map(({ hit }) => hit.word));
  const otherWords = classWords.filter((w) => !definedOnClassLine.has(w));
  const otherPlaces = { docstring: 0, comment: 0, string: 0, code: 0 };
  for (const word of otherWords) {
    const kinds = classLineHits.filter(({ hit }) => hit.word === word).map(({ hit }) => hit.kind);
    const prose = kinds.every((k) => k === "docstring" || k === "comment" || k === "string");
    otherPlaces[prose ? (kinds[0] as "docstring" | "comment" | "string") : "code"]++;
  }
  return {
    schemaVersion: EXPLAIN_SCHEMA_VERSION,
    kind: "explain",
    family: input.family,
    name,
    grep: {
      lines: new Set(hits.map(lineKey)).size,
      files: new Set(hits.map((h) => h.file)).size,
      words: sortedUnique(hits.map((h) => h.word)),
    },
    classLines: {
      lines: new Set(classLineHits.map(({ hit }) => lineKey(hit))).size,
      words: classWords,
      classNames: classWords.filter((w) => definedOnClassLine.has(w)),
      otherWords,
      otherPlaces,
    },
    names: sortedUnique(members.map((m) => m.name)),
    definitions: members.map((m) => ({ key: m.key, name: m.name, kind: m.kind, file: m.file, line: m.line })),
    byKind,
    hits,
    excluded: name === null ? [...input.excluded] : [],
    files: { scanned: input.scanned, withHits: new Set(hits.map((h) => h.file)).size, parsed: input.parsed },
  };
}

/** The scanned files that hold occurrences, from their extractions. */
export function occurrenceFiles(extractions: readonly FileExtraction[]): FileOccurrences[] {
  const files: FileOccurrences[] = [];
  for (const e of extractions) {
    if (e.occurrences && e.occurrences.occurrences.length > 0 && e.language)
      files.push({ file: e.file, language: e.language, ...e.occurrences });
  }
  return files;
}

/** Files a family parsed (with usages: every scanned file holding a literal), whether the parse succeeded or not. */
export function parsedCount(extractions: readonly FileExtraction[]): number {
  let parsed = 0;
  for (const e of extractions) if (e.status === "ok" || e.status === "partial" || e.status === "failed") parsed++;
  return parsed;
}

/** Per member key: imports and references of it outside its own file (files, sites). */
export function usagesOf(members: readonly ExplainMember[], hits: readonly Hit[]): Map<string, { files: number; sites: number }> {
  const fileOf = new Map(members.map((m) => [m.key, m.file]));
  const files = new Map<string, Set<string>>();
  const sites = new Map<string, number>();
  for (const hit of hits) {
    if ((hit.kind !== "import" && hit.kind !== "reference") || hit.member === undefined) continue;
    if (fileOf.get(hit.member) === hit.file) continue;
    sites.set(hit.member, (sites.get(hit.member) ?? 0) + 1);
    let seen = files.get(hit.member);
    if (!seen) {
      seen = new Set();
      files.set(hit.member, seen);
    }
    seen.add(hit.file);
  }
  return new Map(members.map((m) => [m.key, { files: files.get(m.key)?.size ?? 0, sites: sites.get(m.key) ?? 0 }]));
}

/** The contract's bounds of a hit (lib/contract/explain). */
const MAX_HIT_PATH = 1024;
const MAX_HIT_WORD = 512;

const PROSE_OR_UNRESOLVED = new Set<HitKind>(["docstring", "comment", "string", "unresolved"]);

/** The scan's reconciliation: the explain in counts, with the hits that are not member syntax (at most LIMITS.maxHits). */
export function toReconciliation(explain: Explain): Reconciliation {
  const others = explain.hits.filter((hit) => PROSE_OR_UNRESOLVED.has(hit.kind));
  const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
  return {
    grep: { lines: explain.grep.lines, files: explain.grep.files, words: explain.grep.words.length },
    classLines: {
      lines: explain.classLines.lines,
      words: explain.classLines.words.length,
      classNames: explain.classLines.classNames.length,
    },
    byKind: explain.byKind,
    excluded: explain.excluded.slice(0, LIMITS.maxList).map((e) => ({ ...e, reason: clip(e.reason, LIMITS.maxText) })),
    hits: others
      .slice(0, LIMITS.maxHits)
      .map((hit) => ({ file: clip(hit.file, MAX_HIT_PATH), line: hit.line, kind: hit.kind, word: clip(hit.word, MAX_HIT_WORD) })),
    hitsTotal: others.length,
  };
}
