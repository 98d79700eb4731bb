/**
 * The literal prefilter and the size cap, once for scan and backfill: equal bytes under an equal
 * config give an equal verdict, whichever source they were read from.
 */
import type { ResolvedConfig } from "../scanner/config";
import { formatBytes } from "../scanner/extract";
import type { Language as SourceLanguage } from "../scanner/types";
import { compilePattern, literalBuffers, mayContainMember, mayDefineMember, type FamilyPattern } from "../scanner/pattern";
import type { FileExtraction } from "../scanner/types";

export class Prefilter {
  readonly family: FamilyPattern;
  readonly maxFileBytes: number;
  private readonly literals: Buffer[] | null;
  /** The second stage (where can a member be defined) is unsafe when subclasses are followed. */
  private readonly siteFilter: boolean;

  /** `enabled` false parses every file (benchmarks only). */
  constructor(config: ResolvedConfig, enabled = true) {
    this.family = compilePattern(config.pattern);
    this.maxFileBytes = config.limits.maxFileBytes;
    this.literals = enabled ? literalBuffers(this.family.literals) : null;
    this.siteFilter = enabled && !config.subclasses;
  }

  /** The skipped result for a file over the size cap (its bytes need not be read). */
  oversize(file: string, language: SourceLanguage, size: number): FileExtraction {
    const reason = `larger than the ${formatBytes(this.maxFileBytes)} size cap (${formatBytes(size)})`;
    return { file, language, status: "skipped", issue: { kind: "skipped", reason }, members: [] };
  }

  /** The result for a file that needs no parse (over the cap, or cannot define a member); null = parse it. */
  screen(file: string, language: SourceLanguage, bytes: Uint8Array): FileExtraction | null {
    if (bytes.byteLength > this.maxFileBytes) return this.oversize(file, language, bytes.byteLength);
    if (!mayContainMember(bytes, this.literals)) return noMatch(file, language);
    if (
      this.siteFilter &&
      !mayDefineMember(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"), this.family, language)
    ) {
      return noMatch(file, language);
    }
    return null;
  }
}

function noMatch(file: string, language: SourceLanguage): FileExtraction {
  return { file, language, status: "no-match", issue: null, members: [] };
}
