import { createHash } from "node:crypto";
import type { Node, Parser, Tree } from "web-tree-sitter";
import { SCANNER_VERSION } from "../version";
import { BudgetExceeded, type FileContext } from "./lang/common";
import { extractPython } from "./lang/python";
import { extractTypeScript } from "./lang/typescript";
import { createParsers, languageOf, type Parsers } from "./parsers";
import { compilePattern, literalBuffers, mayContainMember, mayDefineMember } from "./pattern";
import type { ExtractOptions, FileExtraction } from "./types";

/** Turns one file's bytes into its members; holds initialized parsers. Not thread-safe: one per thread. */
export interface Extractor {
  readonly options: ExtractOptions;
  /** True when the bytes may define a member (cheap literal test; false means "skip parsing"). */
  mayMatch(bytes: Uint8Array): boolean;
  extractFile(file: string, bytes: Uint8Array): FileExtraction;
}

/**
 * Bumped whenever what one file yields changes shape or meaning (2: `deprecatedMethods`, class-level
 * deprecation only), so cached extractions from an older scanner are never read back.
 */
const EXTRACTION_FORMAT = 2;

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

export async function createExtractor(options: ExtractOptions, tuning: ExtractorTuning = {}): Promise<Extractor> {
  const prefilter = tuning.prefilter ?? true;
  const parsers: Parsers = await createParsers();
  const family = compilePattern(options.pattern);
  const literals = literalBuffers(family.literals);
  const events = new RegExp(options.events, "i");
  const budget = options.fileTimeoutMs;

  const result = (
    file: string,
    language: FileExtraction["language"],
    status: FileExtraction["status"],
    issue: FileExtraction["issue"] = null,
  ): FileExtraction => ({
    file,
    language,
    status,
    issue,
    members: [],
  });

  return {
    options,
    mayMatch: (bytes) => mayContainMember(bytes, literals),
    extractFile(file, bytes) {
      const kind = languageOf(file);
      if (!kind) return result(file, null, "no-match");
      const { grammar, language } = kind;
      if (bytes.byteLength > options.maxFileBytes) {
        return result(file, language, "skipped", {
          kind: "skipped",
          reason: `larger than the ${formatBytes(options.maxFileBytes)} size cap (${formatBytes(bytes.byteLength)})`,
        });
      }
      if (prefilter && !mayContainMember(bytes, literals)) return result(file, language, "no-match");
      if (bytes.indexOf(0) !== -1) return result(file, language, "skipped", { kind: "skipped", reason: "binary content (NUL bytes)" });
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        return result(file, language, "skipped", { kind: "skipped", reason: "not valid UTF-8" });
      }
      // Subclass candidates can be defined anywhere the base is named, so the site filter only runs without them.
      if (prefilter && !options.subclasses && !mayDefineMember(text, family, language)) return result(file, language, "no-match");
      const started = performance.now();
      const deadline = started + budget;
      const parser: Parser = parsers.get(grammar);
      let timedOut = false;
      let tree: Tree | null = null;
      try {
        tree = parser.parse(text, null, {
          progressCallback: () => {
            if (performance.now() > deadline) timedOut = true;
            return timedOut;
          },
        } as Parameters<Parser["parse"]>[2]);
      } catch (error) {
        parser.reset();
        return result(file, language, "failed", { kind: "failed", reason: `parser error: ${(error as Error).message}` });
      }
      if (!tree || timedOut) {
        tree?.delete();
        parser.reset();
        return result(file, language, "failed", { kind: "failed", reason: `parse exceeded the ${budget} ms time budget` });
      }
      try {
        let lines: string[] | null = null;
        const ctx: FileContext = {
          file,
          text,
          language,
          pattern: family.regex,
          events,
          literals: family.literals,
          options,
          deadline,
          lines: () => (lines ??= text.split("\n")),
        };
        const root = tree.rootNode;
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
          return result(file, language, "failed", { kind: "failed", reason: `extraction exceeded the ${budget} ms time budget` });
        }
        return result(file, language, "failed", { kind: "failed", reason: `extraction error: ${(error as Error).message}` });
      } finally {
        tree.delete();
      }
    },
  };
}
