import { createHash } from "node:crypto";
import type { Node, Parser, Tree } from "web-tree-sitter";
import { SCANNER_VERSION } from "../version";
import { BudgetExceeded, type FileContext } from "./lang/common";
import { extractPython } from "./lang/python";
import { extractTypeScript } from "./lang/typescript";
import { extractOccurrences } from "./occurrences";
import { textOccurrences } from "./occurrences/common";
import { createParsers, languageOf, type Parsers } from "./parsers";
import { compilePattern, type FamilyPattern, literalBuffers, mayContainMember, mayDefineMember } from "./pattern";
import type { ExtractOptions, FileExtraction, Grammar, Language } from "./types";

/** Turns one file's bytes into its members; holds initialized parsers. Not thread-safe: one per thread. */
export interface Extractor {
  readonly options: ExtractOptions;
  /** True when the bytes may define a member (cheap literal test; false means "skip parsing"). */
  mayMatch(bytes: Uint8Array): boolean;
  extractFile(file: string, bytes: Uint8Array): FileExtraction;
}

/**
 * Bumped whenever what one file yields changes shape or meaning (2: `deprecatedMethods`, class-level
 * deprecation only; 3: occurrences, and files that only use members are parsed), so cached extractions
 * from an older scanner are never read back.
 */
const EXTRACTION_FORMAT = 3;

/** Usages are measured unless a benchmark turns them off. */
export function measuresUsages(options: Pick<ExtractOptions, "usages">): boolean {
  return options.usages !== false;
}

/** A stable key for the options: with a blob hash, it keys a per-file extraction cache. */
export function extractOptionsKey(options: ExtractOptions): string {
  const canonical = JSON.stringify([
    SCANNER_VERSION,
    EXTRACTION_FORMAT,
    options.pattern,
    options.events,
    options.subclasses,
    options.maxFileBytes,
    options.fileTimeoutMs,
    measuresUsages(options),
  ]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 32);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1_048_576 && bytes % 1_048_576 === 0) return `${bytes / 1_048_576} MB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1_048_576).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Line of the first syntax error: the deepest first ERROR or MISSING node. */
function firstErrorLine(root: Node): number {
  let node: Node = root;
  for (;;) {
    let next: Node | null = null;
    for (const child of node.children) {
      if (child && (child.hasError || child.isError || child.isMissing)) {
        next = child;
        break;
      }
    }
    if (!next) return node.startPosition.row + 1;
    node = next;
  }
}

export interface ExtractorTuning {
  /** Skip the literal prefilter and parse every file (benchmarks: the cost of parsing everything). */
  prefilter?: boolean;
}

/**
 * Extracts several families from one file in one pass: the bytes are decoded once and parsed once,
 * and every wanted family is extracted from the same tree with its own options. A family gets exactly
 * the FileExtraction its single-family extractor gives (same status, issue and members).
 */
export interface MultiExtractor {
  readonly families: readonly ExtractOptions[];
  /** One result per index in `wanted`, in that order. */
  extractFile(file: string, bytes: Uint8Array, wanted: readonly number[]): FileExtraction[];
  /** Files this extractor parsed (one per file, however many families wanted it). */
  readonly parsed: number;
}

interface CompiledFamily {
  options: ExtractOptions;
  pattern: FamilyPattern;
  literals: Buffer[] | null;
  events: RegExp;
  usages: boolean;
}

function compileFamily(options: ExtractOptions): CompiledFamily {
  const pattern = compilePattern(options.pattern);
  return {
    options,
    pattern,
    literals: literalBuffers(pattern.literals),
    events: new RegExp(options.events, "i"),
    usages: measuresUsages(options),
  };
}

function emptyResult(
  file: string,
  language: FileExtraction["language"],
  status: FileExtraction["status"],
  issue: FileExtraction["issue"] = null,
): FileExtraction {
  return { file, language, status, issue, members: [] };
}

/** The file's occurrences from its tree; from its text alone when the classifier fails on an odd tree. */
function occurrencesOf(root: Node, text: string, language: Language, family: FamilyPattern): FileExtraction["occurrences"] {
  try {
    return extractOccurrences(root, text, language, family);
  } catch {
    return textOccurrences(text, family);
  }
}

/** A family's result decided before the parse (cap, literals, bytes, site filter); null = parse and extract. */
type Shared = FileExtraction | null;

export async function createMultiExtractor(families: readonly ExtractOptions[], tuning: ExtractorTuning = {}): Promise<MultiExtractor> {
  const prefilter = tuning.prefilter ?? true;
  const parsers: Parsers = await createParsers();
  const compiled = families.map(compileFamily);
  let parsed = 0;

  /** Parses the text once (budget: the largest of the families'); the tree, or a failure per family. */
  const parse = (grammar: Grammar, text: string, budget: number): { tree: Tree; started: number; parseMs: number } | { failed: string } => {
    const started = performance.now();
    const deadline = started + budget;
    const parser: Parser = parsers.get(grammar);
    let timedOut = false;
    let tree: Tree | null = null;
    parsed++;
    try {
      tree = parser.parse(text, null, {
        progressCallback: () => {
          if (performance.now() > deadline) timedOut = true;
          return timedOut;
        },
      } as Parameters<Parser["parse"]>[2]);
    } catch (error) {
      parser.reset();
      return { failed: `parser error: ${(error as Error).message}` };
    }
    if (!tree || timedOut) {
      tree?.delete();
      parser.reset();
      return { failed: "timeout" };
    }
    return { tree, started, parseMs: performance.now() - started };
  };

  const extractOne = (
    family: CompiledFamily,
    file: string,
    grammar: Grammar,
    language: Language,
    text: string,
    root: Node,
    started: number,
    lines: () => string[],
  ): FileExtraction => {
    const budget = family.options.fileTimeoutMs;
    const result = membersOf(family, file, grammar, language, text, root, started, lines, budget);
    // The same tree gives the file's occurrences: usages cost no second parse.
    if (family.usages) result.occurrences = occurrencesOf(root, text, language, family.pattern);
    return result;
  };

  const membersOf = (
    family: CompiledFamily,
    file: string,
    grammar: Grammar,
    language: Language,
    text: string,
    root: Node,
    started: number,
    lines: () => string[],
    budget: number,
  ): FileExtraction => {
    try {
      const ctx: FileContext = {
        file,
        text,
        language,
        pattern: family.pattern.regex,
        events: family.events,
        literals: family.pattern.literals,
        options: family.options,
        deadline: started + budget,
        lines,
      };
      const members = grammar === "python" ? extractPython(ctx, root) : extractTypeScript(ctx, root);
      if (root.hasError) {
        const line = firstErrorLine(root);
        return {
          file,
          language,
          status: "partial",
          issue: { kind: "failed", reason: `syntax error at line ${line}; kept ${members.length} member(s) from the parts that parsed` },
          members,
        };
      }
      return { file, language, status: "ok", issue: null, members };
    } catch (error) {
      if (error instanceof BudgetExceeded) {
        return emptyResult(file, language, "failed", { kind: "failed", reason: `extraction exceeded the ${budget} ms time budget` });
      }
      return emptyResult(file, language, "failed", { kind: "failed", reason: `extraction error: ${(error as Error).message}` });
    }
  };

  return {
    families,
    get parsed() {
      return parsed;
    },
    extractFile(file, bytes, wanted) {
      const kind = languageOf(file);
      if (!kind) return wanted.map(() => emptyResult(file, null, "no-match"));
      const { grammar, language } = kind;
      const out: Shared[] = wanted.map((index) => {
        const family = compiled[index];
        if (!family) throw new RangeError(`no family ${index} (${compiled.length} families)`);
        const cap = family.options.maxFileBytes;
        if (bytes.byteLength > cap) {
          return emptyResult(file, language, "skipped", {
            kind: "skipped",
            reason: `larger than the ${formatBytes(cap)} size cap (${formatBytes(bytes.byteLength)})`,
          });
        }
        if (prefilter && !mayContainMember(bytes, family.literals)) return emptyResult(file, language, "no-match");
        return null;
      });
      if (out.every((result) => result !== null)) return out as FileExtraction[];
      const fill = (result: FileExtraction) => out.map((own) => own ?? result);
      if (bytes.indexOf(0) !== -1)
        return fill(emptyResult(file, language, "skipped", { kind: "skipped", reason: "binary content (NUL bytes)" }));
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        return fill(emptyResult(file, language, "skipped", { kind: "skipped", reason: "not valid UTF-8" }));
      }
      // Subclass candidates can be defined anywhere the base is named, so the site filter only runs without them.
      let budget = 0;
      wanted.forEach((index, at) => {
        if (out[at] !== null) return;
        const family = compiled[index] as CompiledFamily;
        // With usages, a file that only uses members is parsed too (its occurrences are the usages).
        if (prefilter && !family.usages && !family.options.subclasses && !mayDefineMember(text, family.pattern, language)) {
          out[at] = emptyResult(file, language, "no-match");
          return;
        }
        budget = Math.max(budget, family.options.fileTimeoutMs);
      });
      if (out.every((result) => result !== null)) return out as FileExtraction[];
      const tree = parse(grammar, text, budget);
      /** A family the parse failed for: no members; its words are still counted from the text. */
      const unparsed = (family: CompiledFamily, reason: string): FileExtraction => {
        const result = emptyResult(file, language, "failed", { kind: "failed", reason });
        if (family.usages) result.occurrences = textOccurrences(text, family.pattern);
        return result;
      };
      if ("failed" in tree) {
        return wanted.map((index, at) => {
          const own = out[at];
          if (own) return own;
          const family = compiled[index] as CompiledFamily;
          const reason = tree.failed === "timeout" ? `parse exceeded the ${family.options.fileTimeoutMs} ms time budget` : tree.failed;
          return unparsed(family, reason);
        });
      }
      try {
        let lines: string[] | null = null;
        const sharedLines = () => (lines ??= text.split("\n"));
        const root = tree.tree.rootNode;
        return wanted.map((index, at) => {
          const own = out[at];
          if (own) return own;
          const family = compiled[index] as CompiledFamily;
          // A family with a smaller budget than the parse took fails as its own extractor would have.
          if (tree.parseMs > family.options.fileTimeoutMs) {
            return unparsed(family, `parse exceeded the ${family.options.fileTimeoutMs} ms time budget`);
          }
          return extractOne(family, file, grammar, language, text, root, tree.started, sharedLines);
        });
      } finally {
        tree.tree.delete();
      }
    },
  };
}

/** The single-family extractor: a multi extractor of one family. */
export async function createExtractor(options: ExtractOptions, tuning: ExtractorTuning = {}): Promise<Extractor> {
  const multi = await createMultiExtractor([options], tuning);
  const literals = literalBuffers(compilePattern(options.pattern).literals);
  const only = [0] as const;
  return {
    options,
    mayMatch: (bytes) => mayContainMember(bytes, literals),
    extractFile: (file, bytes) => multi.extractFile(file, bytes, only)[0] as FileExtraction,
  };
}
