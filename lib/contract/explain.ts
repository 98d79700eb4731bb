import { z } from "zod";

/**
 * The explain contract (`converge explain --format json`): for every text hit of a family's pattern
 * in the scanned files, what it is, and how the plain text search reconciles with the members.
 */

export const EXPLAIN_SCHEMA_VERSION = 1;

/** What one hit is: syntax of a member (definition, alias, import, reference), prose, or a non-member word. */
export const HIT_KINDS = ["definition", "alias", "import", "reference", "docstring", "comment", "string", "unresolved"] as const;
export type HitKind = (typeof HIT_KINDS)[number];

const count = z.number().int().min(0);
const word = z.string().min(1).max(512);
const path = z.string().min(1).max(1024);

export const HitSchema = z.strictObject({
  file: path,
  line: z.number().int().min(1),
  kind: z.enum(HIT_KINDS),
  word,
  /** The member key the hit refers to (definition, alias, import, reference of a member). */
  member: z.string().min(1).optional(),
});
export type Hit = z.infer<typeof HitSchema>;

export const ByKindSchema = z.strictObject(Object.fromEntries(HIT_KINDS.map((kind) => [kind, count])) as Record<HitKind, typeof count>);
export type ByKind = z.infer<typeof ByKindSchema>;

export const ExplainSchema = z.strictObject({
  schemaVersion: z.literal(EXPLAIN_SCHEMA_VERSION),
  kind: z.literal("explain"),
  family: z.strictObject({ slug: z.string().nullable(), name: z.string().nullable(), pattern: z.string().min(1) }),
  /** `--name`: hits narrowed to this word (grep, byKind and hits all narrowed); null for the whole family. */
  name: word.nullable(),
  /** What a plain text search of the pattern finds in the scanned files: lines and files with a matching word, the distinct words. */
  grep: z.strictObject({ lines: count, files: count, words: z.array(word) }),
  /** The team's usual count: distinct matching words on lines containing `class `, split into class names and the rest. */
  classLines: z.strictObject({
    lines: count,
    words: z.array(word),
    classNames: z.array(word),
    otherWords: z.array(word),
    /** Where the other words sit on those lines: `code` when any of their class-line hits is code, else their first prose kind. */
    otherPlaces: z.strictObject({ docstring: count, comment: count, string: count, code: count }),
  }),
  /** Distinct member names, sorted. */
  names: z.array(word),
  definitions: z.array(
    z.strictObject({ key: z.string().min(1), name: word, kind: z.enum(["class", "alias"]), file: path, line: z.number().int().min(1) }),
  ),
  byKind: ByKindSchema,
  hits: z.array(HitSchema),
  /** Files the config leaves out that hold hits: counted per reason (the first exclude glob that drops them), never listed. */
  excluded: z.array(z.strictObject({ reason: z.string().min(1), files: count, hits: count })),
  files: z.strictObject({ scanned: count, withHits: count, parsed: count }),
});
export type Explain = z.infer<typeof ExplainSchema>;

export const ExplainPortfolioSchema = z.strictObject({
  schemaVersion: z.literal(EXPLAIN_SCHEMA_VERSION),
  kind: z.literal("explain-portfolio"),
  families: z.array(ExplainSchema).min(1),
});
export type ExplainPortfolio = z.infer<typeof ExplainPortfolioSchema>;

export const ExplainOutputSchema = z.union([ExplainSchema, ExplainPortfolioSchema]);
export type ExplainOutput = z.infer<typeof ExplainOutputSchema>;

export function emptyByKind(): ByKind {
  return Object.fromEntries(HIT_KINDS.map((kind) => [kind, 0])) as ByKind;
}
