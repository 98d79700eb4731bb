import type { Language } from "../types";

/** What one occurrence is, from the syntax of its own file alone (reconciliation adds `unresolved`). */
export type OccurrenceKind = "definition" | "alias" | "import" | "reference" | "docstring" | "comment" | "string";

/** One word matching the family pattern in one file. Per file, no knowledge of other files: cacheable by blob. */
export interface Occurrence {
  word: string;
  /** 1-based line of the word. */
  line: number;
  kind: OccurrenceKind;
  /**
   * For an `import`: the module it comes from as a path without extension, `./` or `../` when relative
   * to the file (`./engine` for `from .engine import X`, `pkg/mod` for `from pkg.mod import X`); null when unknown.
   * For an `alias`: the name it aliases when that is known (`B` in `from m import A as B` gives `A`).
   */
  module?: string | null;
  aliasOf?: string | null;
  /** The line contains `class ` (the usual grep for class lines counts it). */
  classLine?: true;
}

/** What one blob yields: no path in it, so equal bytes give equal occurrences wherever the file sits. */
export interface BlobOccurrences {
  occurrences: Occurrence[];
  /** Matching names this file imports, with the module each comes from (after `as`: the local name). */
  imports: Record<string, string | null>;
}

export interface FileOccurrences extends BlobOccurrences {
  file: string;
  language: Language;
}
