/**
 * `converge explain`: every text hit of a family's pattern, and what it is. Two parts:
 * `reconcile` (pure: members + each file's occurrences → the explain object) and `explainDirectory`
 * (a work tree: its own pass for now; see the report of issue #13 for folding it into the one-pass extractor).
 */
import picomatch from "picomatch";
import type { Node, Parser, Tree } from "web-tree-sitter";
import { emptyByKind, EXPLAIN_SCHEMA_VERSION, type Explain, type Hit, type HitKind } from "../contract/explain";
import type { Member } from "../contract/inventory";
import type { PlanOrigin } from "../sources/plan";
import { openWorkTree, workTreePlan } from "../sources/worktree";
import { singleFamily, toExtractOptions, type ResolvedConfig, type ResolvedPortfolio } from "./config";
import { buildInventory } from "./inventory";
import { BudgetExceeded, type FileContext } from "./lang/common";
import { extractPython } from "./lang/python";
import { extractTypeScript } from "./lang/typescript";
import { extractOccurrences, type FileOccurrences, type Occurrence } from "./occurrences";
import { dirOf, normalizePath } from "./occurrences/common";
import { createParsers, languageOf, type Parsers } from "./parsers";
import { candidateWords, compilePattern, literalBuffers, mayContainMember, mayDefineMember, type FamilyPattern } from "./pattern";
import { readCapped } from "./scan";
import type { ExtractOptions, ExtractedMember, FileExtraction, Grammar, Language } from "./types";
import { walkFiles } from "./walk";

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

/**
 * Why the config leaves a file out: the first exclude glob matching it or a folder above it, else a miss of
 * `include`; null when the file is scanned. (Folders that are never scanned, ALWAYS_EXCLUDE, are not walked at all.)
 */
export function exclusionReason(config: Pick<ResolvedConfig, "include" | "exclude">): (file: string) => string | null {
  const opts = { dot: true };
  const include = picomatch([...config.include], opts);
  const excludes = config.exclude.map((glob) => ({ glob, match: picomatch(glob, opts) }));
  return (file) => {
    const probes = [file];
    for (let slash = file.indexOf("/"); slash !== -1; slash = file.indexOf("/", slash + 1)) {
      const dir = file.slice(0, slash);
      probes.push(`${dir}/`, `${dir}/__converge_dir_probe__`);
    }
    for (const { glob, match } of excludes) if (probes.some((p) => match(p))) return `excluded by \`${glob}\``;
    if (!include(file)) return "not matched by `include`";
    return null;
  };
}

export interface ExplainOptions {
  configPath?: string;
  /** Use this config instead of discovering one. */
  config?: ResolvedConfig;
  cwd?: string;
  name?: string | null;
}

export interface ExplainStats {
  /** Files the occurrence pass parsed (every scanned file holding a family literal). */
  parsedFiles: number;
  /** Of those, the files a plain scan parses too (its definition-site prefilter skips files that cannot define a member). */
  prefilterParsedFiles: number;
  ms: number;
}

export interface ExplainDirectoryResult {
  portfolio: ResolvedPortfolio;
  plan: PlanOrigin;
  explains: Explain[];
  stats: ExplainStats;
}

const NO_COMMIT = { sha: null, date: new Date(0).toISOString(), branch: null, message: null };
const decoder = new TextDecoder("utf-8", { fatal: true });

interface FamilyPass {
  config: ResolvedConfig;
  options: ExtractOptions;
  events: RegExp;
  pattern: FamilyPattern;
  literals: Buffer[] | null;
  reason: (file: string) => string | null;
  files: FileOccurrences[];
  /** What the scan's extractor finds in the same trees: the members, without a second parse. */
  extractions: FileExtraction[];
  excluded: Map<string, ExcludedCount>;
  scanned: number;
  parsed: number;
}

/** Parses with the family's time budget; null when it ran out or the parser failed. */
function parseWithin(parser: Parser, text: string, budgetMs: number): Tree | null {
  const deadline = performance.now() + budgetMs;
  try {
    return parser.parse(text, null, { progressCallback: () => performance.now() > deadline } as Parameters<Parser["parse"]>[2]);
  } catch {
    parser.reset();
    return null;
  }
}

/**
 * Explains each family of a work tree's plan in one walk: each file is read once and text-searched for
 * every family; a scanned file holding a family literal is parsed once, and the same tree gives both
 * the occurrences and the members (the scan's own extractor, so the members are the scan's).
 */
export async function explainDirectory(dir: string, options: ExplainOptions = {}): Promise<ExplainDirectoryResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const root = openWorkTree(dir, cwd);
  const chosen = options.config
    ? { portfolio: singleFamily(options.config), origin: { kind: "explicit", file: options.config.source ?? "(given)" } as const }
    : await workTreePlan(root, options.configPath, cwd);
  const families = chosen.portfolio.families;

  const passes: FamilyPass[] = families.map((config) => {
    const pattern = compilePattern(config.pattern);
    return {
      config,
      options: toExtractOptions(config),
      events: new RegExp(config.events, "i"),
      pattern,
      literals: literalBuffers(pattern.literals),
      reason: exclusionReason(config),
      files: [],
      extractions: [],
      excluded: new Map(),
      scanned: 0,
      parsed: 0,
    };
  });
  const maxBytes = Math.max(...families.map((f) => f.limits.maxFileBytes));
  // Grammars load on first use: a tree of Python files never pays for the TypeScript ones.
  const parsers = new Map<Grammar, Parsers>();
  const parserFor = async (grammar: Grammar) => {
    let loaded = parsers.get(grammar);
    if (!loaded) {
      loaded = await createParsers([grammar]);
      parsers.set(grammar, loaded);
    }
    return loaded.get(grammar);
  };
  let parsedFiles = 0;
  let prefilterParsedFiles = 0;

  // Everything but the never-scanned folders: the config's own include/exclude are applied per family below.
  const walked = walkFiles(root, { include: ["**"], exclude: [] });
  for (const entry of walked.files) {
    const kind = languageOf(entry.file);
    if (!kind) continue;
    const verdicts = passes.map((pass) => ({ pass, reason: pass.reason(entry.file) }));
    for (const { pass, reason } of verdicts) if (reason === null) pass.scanned++;
    const read = readCapped(entry.abs, maxBytes);
    if (!("bytes" in read) || read.bytes.indexOf(0) !== -1) continue;
    const bytes = read.bytes;
    const hitting = verdicts.filter(
      ({ pass }) => bytes.byteLength <= pass.config.limits.maxFileBytes && mayContainMember(bytes, pass.literals),
    );
    if (hitting.length === 0) continue;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      continue;
    }
    const toParse: FamilyPass[] = [];
    for (const { pass, reason } of hitting) {
      if (reason === null) {
        toParse.push(pass);
        continue;
      }
      let count = 0;
      for (const _ of candidateWords(text, pass.pattern)) count++;
      if (count === 0) continue;
      const counted = pass.excluded.get(reason) ?? { reason, files: 0, hits: 0 };
      counted.files++;
      counted.hits += count;
      pass.excluded.set(reason, counted);
    }
    if (toParse.length === 0) continue;
    parsedFiles++;
    const { language, grammar } = kind;
    if (toParse.some((p) => p.config.subclasses || mayDefineMember(text, p.pattern, language))) prefilterParsedFiles++;
    const parseStarted = performance.now();
    const budget = Math.max(...toParse.map((p) => p.config.limits.fileTimeoutMs));
    const tree = parseWithin(await parserFor(grammar), text, budget);
    for (const pass of toParse) {
      pass.parsed++;
      const found: FileOccurrences = tree
        ? { file: entry.file, language, ...extractOccurrences(tree.rootNode, text, language, pass.pattern) }
        : unparsed(entry.file, language, text, pass.pattern);
      if (found.occurrences.length > 0) pass.files.push(found);
      if (!tree) continue;
      const deadline = parseStarted + pass.config.limits.fileTimeoutMs;
      const members = extractMembers(pass, entry.file, text, language, grammar, tree.rootNode, deadline);
      if (members.length > 0) pass.extractions.push({ file: entry.file, language, status: "ok", issue: null, members });
    }
    tree?.delete();
  }

  const explains = passes.map((pass) =>
    reconcile({
      family: { slug: pass.config.slug, name: pass.config.name, pattern: pass.config.pattern },
      members: buildInventory({ extractions: pass.extractions, config: pass.config, commit: NO_COMMIT }).members,
      files: pass.files,
      excluded: [...pass.excluded.values()].sort((a, b) => b.hits - a.hits || (a.reason < b.reason ? -1 : 1)),
      scanned: pass.scanned,
      parsed: pass.parsed,
      name: options.name ?? null,
    }),
  );
  return {
    portfolio: chosen.portfolio,
    plan: chosen.origin,
    explains,
    stats: { parsedFiles, prefilterParsedFiles, ms: performance.now() - started },
  };
}

/**
 * The members the scan's extractor finds in this tree (the same code as `converge scan`, on the tree the
 * occurrence pass already holds); none when it runs out of its time budget, as a failed file has none.
 */
function extractMembers(
  pass: FamilyPass,
  file: string,
  text: string,
  language: Language,
  grammar: Grammar,
  root: Node,
  deadline: number,
): ExtractedMember[] {
  let lines: string[] | null = null;
  const ctx: FileContext = {
    file,
    text,
    language,
    pattern: pass.pattern.regex,
    events: pass.events,
    literals: pass.pattern.literals,
    options: pass.options,
    deadline,
    lines: () => (lines ??= text.split("\n")),
  };
  try {
    return grammar === "python" ? extractPython(ctx, root) : extractTypeScript(ctx, root);
  } catch (error) {
    if (error instanceof BudgetExceeded) return [];
    throw error;
  }
}

/** A file that did not parse in time: its words are kept, as references the reconciliation resolves by name. */
function unparsed(file: string, language: FileOccurrences["language"], text: string, pattern: FamilyPattern): FileOccurrences {
  const occurrences: Occurrence[] = [];
  let line = 1;
  let at = 0;
  for (const [start, end] of [...candidateWords(text, pattern)].sort((a, b) => a[0] - b[0])) {
    for (let i = text.indexOf("\n", at); i !== -1 && i < start; i = text.indexOf("\n", i + 1)) line++;
    at = start;
    occurrences.push({ word: text.slice(start, end), line, kind: "reference" });
  }
  return { file, language, occurrences, imports: {} };
}
