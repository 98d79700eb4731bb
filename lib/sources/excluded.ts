/**
 * Files the config leaves out still hold text hits: "412 hits in 57 test files, excluded by `**\/tests/**`".
 * They are counted per family and reason from their text alone (never parsed, never listed), the same
 * way for a work tree and a git tree.
 */
import type { ResolvedConfig } from "../scanner/config";
import { countWords } from "../scanner/occurrences/common";
import type { ExcludedCount } from "../scanner/reconcile";
import { compilePattern, type FamilyPattern, literalBuffers, mayContainMember } from "../scanner/pattern";
import { createSelector, exclusionReason, type FileSelector } from "./select";

export type { ExcludedCount };

/** What any config may select: folders never scanned (ALWAYS_EXCLUDE) and virtualenvs are not counted either. */
export const EVERY_SCANNABLE: FileSelector = createSelector({ include: ["**"], exclude: [] });

interface CountedFamily {
  pattern: FamilyPattern;
  literals: Buffer[] | null;
  maxFileBytes: number;
  reason: (file: string) => string | null;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Per family: why a path is left out, and how many words of the pattern a left-out file's bytes hold. */
export class ExcludedHits {
  private readonly families: CountedFamily[];

  constructor(configs: readonly ResolvedConfig[]) {
    this.families = configs.map((config) => {
      const pattern = compilePattern(config.pattern);
      return {
        pattern,
        literals: literalBuffers(pattern.literals),
        maxFileBytes: config.limits.maxFileBytes,
        reason: exclusionReason(config),
      };
    });
  }

  /** The read cap that serves every family. */
  get maxReadBytes(): number {
    return Math.max(...this.families.map((family) => family.maxFileBytes));
  }

  /** Why this family leaves the path out (the first exclude glob, or a miss of include); null: it scans it. */
  reason(family: number, path: string): string | null {
    return this.family(family).reason(path);
  }

  /** Words of the family's pattern in the bytes: 0 over its size cap, for binary or non-UTF-8 bytes (as a scan skips them). */
  hits(family: number, bytes: Uint8Array): number {
    const own = this.family(family);
    if (bytes.byteLength > own.maxFileBytes || !mayContainMember(bytes, own.literals) || bytes.indexOf(0) !== -1) return 0;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return 0;
    }
    return countWords(text, own.pattern);
  }

  private family(index: number): CountedFamily {
    const family = this.families[index];
    if (!family) throw new RangeError(`no family ${index} (${this.families.length} families)`);
    return family;
  }
}

/** Adds up left-out files per reason; the counts come out sorted by hits (most first), then reason. */
export class ExcludedTally {
  private readonly byReason = new Map<string, ExcludedCount>();

  add(reason: string, hits: number): void {
    if (hits === 0) return;
    const counted = this.byReason.get(reason) ?? { reason, files: 0, hits: 0 };
    counted.files++;
    counted.hits += hits;
    this.byReason.set(reason, counted);
  }

  counts(): ExcludedCount[] {
    return [...this.byReason.values()].sort((a, b) => b.hits - a.hits || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  }
}
