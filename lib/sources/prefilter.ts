/**
 * The literal prefilter and the size cap, once for scan and backfill: equal bytes under an equal
 * config give an equal verdict, whichever source they were read from. A portfolio screens a file for
 * all its families at once: one scan of the bytes per distinct literal (shared by every family that
 * needs it), one decode for the site filter.
 */
import type { ResolvedConfig } from "../scanner/config";
import { formatBytes } from "../scanner/extract";
import { compilePattern, mayDefineMember, type FamilyPattern } from "../scanner/pattern";
import type { FileExtraction, Language as SourceLanguage } from "../scanner/types";

interface ScreenedFamily {
  pattern: FamilyPattern;
  maxFileBytes: number;
  /** Indexes into the portfolio's distinct literals; null = no literal can be derived (always parse). */
  literals: number[] | null;
  /** The second stage (where can a member be defined) is unsafe when subclasses are followed. */
  siteFilter: boolean;
}

export class PortfolioPrefilter {
  /** Read files with this cap once: the largest family's (each family's own cap is applied by screen). */
  readonly maxReadBytes: number;
  private readonly families: ScreenedFamily[];
  private readonly literals: Buffer[];
  private readonly all: number[];

  /**
   * `enabled` false parses every file (benchmarks only). `usages` (default true): every file holding a
   * literal is parsed, for its usages; false keeps the definition-site filter (the plain scan, benchmarks only).
   */
  constructor(configs: readonly ResolvedConfig[], enabled = true, usages = true) {
    if (configs.length === 0) throw new RangeError("a portfolio prefilter needs at least one family");
    const distinct = new Map<string, number>();
    this.families = configs.map((config) => {
      const pattern = compilePattern(config.pattern);
      const literals =
        enabled && pattern.literals
          ? pattern.literals.map((literal) => {
              let index = distinct.get(literal);
              if (index === undefined) {
                index = distinct.size;
                distinct.set(literal, index);
              }
              return index;
            })
          : null;
      return { pattern, maxFileBytes: config.limits.maxFileBytes, literals, siteFilter: enabled && !usages && !config.subclasses };
    });
    this.literals = [...distinct.keys()].map((literal) => Buffer.from(literal, "utf8"));
    this.maxReadBytes = Math.max(...this.families.map((family) => family.maxFileBytes));
    this.all = this.families.map((_, index) => index);
  }

  get size(): number {
    return this.families.length;
  }

  /** The skipped results (one per index in `wanted`) for a file over a family's size cap; null = under that family's cap. */
  oversize(file: string, language: SourceLanguage, size: number, wanted: readonly number[] = this.all): Array<FileExtraction | null> {
    return wanted.map((index) => {
      const cap = this.family(index).maxFileBytes;
      return size > cap ? skippedOversize(file, language, cap, size) : null;
    });
  }

  /**
   * Per family (one per index in `wanted`, default all), the result of a file that family need not
   * parse (over its cap, or it cannot define one of its members); null = that family must parse it.
   */
  screen(file: string, language: SourceLanguage, bytes: Uint8Array, wanted: readonly number[] = this.all): Array<FileExtraction | null> {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Each distinct literal is looked for at most once, whichever families share it.
    const present: Array<boolean | undefined> = [];
    const has = (literal: number) => {
      let found = present[literal];
      if (found === undefined) {
        found = buffer.indexOf(this.literals[literal] as Buffer) !== -1;
        present[literal] = found;
      }
      return found;
    };
    let text: string | null = null;
    return wanted.map((index) => {
      const family = this.family(index);
      if (bytes.byteLength > family.maxFileBytes) return skippedOversize(file, language, family.maxFileBytes, bytes.byteLength);
      if (family.literals && !family.literals.some(has)) return noMatch(file, language);
      if (family.siteFilter) {
        text ??= buffer.toString("utf8");
        if (!mayDefineMember(text, family.pattern, language)) return noMatch(file, language);
      }
      return null;
    });
  }

  private family(index: number): ScreenedFamily {
    const family = this.families[index];
    if (!family) throw new RangeError(`no family ${index} (${this.families.length} families)`);
    return family;
  }
}

/** One family's prefilter: a portfolio prefilter of that family. */
export class Prefilter {
  readonly family: FamilyPattern;
  readonly maxFileBytes: number;
  private readonly portfolio: PortfolioPrefilter;

  /** `enabled` false parses every file; `usages` false keeps the definition-site filter (benchmarks only). */
  constructor(config: ResolvedConfig, enabled = true, usages = true) {
    this.portfolio = new PortfolioPrefilter([config], enabled, usages);
    this.family = compilePattern(config.pattern);
    this.maxFileBytes = config.limits.maxFileBytes;
  }

  /** The skipped result for a file over the size cap (its bytes need not be read). */
  oversize(file: string, language: SourceLanguage, size: number): FileExtraction {
    return skippedOversize(file, language, this.maxFileBytes, size);
  }

  /** The result for a file that needs no parse (over the cap, or cannot define a member); null = parse it. */
  screen(file: string, language: SourceLanguage, bytes: Uint8Array): FileExtraction | null {
    return this.portfolio.screen(file, language, bytes)[0] ?? null;
  }
}

function skippedOversize(file: string, language: SourceLanguage, cap: number, size: number): FileExtraction {
  const reason = `larger than the ${formatBytes(cap)} size cap (${formatBytes(size)})`;
  return { file, language, status: "skipped", issue: { kind: "skipped", reason }, members: [] };
}

function noMatch(file: string, language: SourceLanguage): FileExtraction {
  return { file, language, status: "no-match", issue: null, members: [] };
}
