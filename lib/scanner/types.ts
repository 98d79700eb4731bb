import type { Constructor } from "../contract/inventory";

export type Language = "python" | "typescript" | "javascript";

/** Which grammar parses a file: TSX and JSX need their own. */
export type Grammar = "python" | "typescript" | "tsx" | "javascript";

/** Options that decide what one file yields. Equal options + equal bytes = equal extraction (cacheable). */
export interface ExtractOptions {
  /** Family name pattern (a JavaScript regex source, matched anywhere in the name). */
  pattern: string;
  /** Event-emission pattern, matched case-insensitively against the names a call goes through. */
  events: string;
  /** Also keep classes whose own name does not match (buildInventory keeps those that subclass a member). */
  subclasses: boolean;
  /** Files larger than this are skipped unread. */
  maxFileBytes: number;
  /** Per-file time budget for parse + extraction, in milliseconds. */
  fileTimeoutMs: number;
  /**
   * Measure usages (default true): every file holding a family literal is parsed (not only those that
   * may define a member) and yields its occurrences. False is the plain scan of before (benchmarks only).
   */
  usages?: boolean;
}

export type AliasVia = "assignment" | "import" | "export";

/** Everything one file says about one member; no cross-file knowledge yet. */
export interface ExtractedMember {
  name: string;
  qualifiedName: string;
  kind: "class" | "alias";
  language: Language;
  file: string;
  line: number;
  endLine: number;
  loc: number;
  bases: string[];
  decorators: string[];
  constructor: Constructor | null;
  methods: string[];
  abstract: boolean;
  abstractReason: string | null;
  /** Only abstract public methods (an interface shape). */
  onlyAbstractMethods: boolean;
  /** `Protocol` base (Python). */
  protocol: boolean;
  /** TypeScript `declare class`. */
  ambient: boolean;
  /** The class itself is deprecated: class-level or constructor warning, `@deprecated` decorator or JSDoc tag. */
  deprecated: boolean;
  deprecatedReason: string | null;
  /** Methods that warn about their own deprecation; they do not make the class deprecated. */
  deprecatedMethods: string[];
  aliasOf: string | null;
  aliasVia: AliasVia | null;
  emits: number;
  bodyHash: string;
  /** Calls per class-like name: `self.engine.run()` counts for the class `self.engine` was built from. */
  calls: Record<string, number>;
  /** Public methods whose whole body forwards one call to an attribute (`return self._engine.run(x)`). */
  delegatingMethods: number;
  /** Public methods considered for the delegation ratio (constructor excluded). */
  publicMethodCount: number;
  /** Class-like names that methods return (constructed or annotated). */
  returns: string[];
  /** True when the own name does not match the pattern (kept only as a possible subclass member). */
  candidate: boolean;
}

export interface FileIssueInfo {
  kind: "skipped" | "failed";
  reason: string;
}

/** The cacheable unit: the result of one file's bytes under one ExtractOptions. */
export interface FileExtraction {
  file: string;
  language: Language | null;
  /** `no-match`: the literal prefilter proved no member can be in the file; it was not parsed. */
  status: "ok" | "no-match" | "partial" | "skipped" | "failed";
  issue: FileIssueInfo | null;
  members: ExtractedMember[];
  /**
   * Every word matching the pattern in this file, classified by its syntax (usages measured and the file
   * parsed, or read when the parse failed); absent when the file was not parsed or usages are off.
   */
  occurrences?: BlobOccurrences;
}

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
