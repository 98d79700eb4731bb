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
}
