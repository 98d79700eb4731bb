import { z } from "zod";

/**
 * The inventory contract: the one description of a scan that the scanner emits,
 * the CLI posts and the ingest API accepts. Both sides import this module.
 */

export const INVENTORY_SCHEMA_VERSION = 1;

export const LIMITS = {
  maxMembers: 10_000,
  maxFileIssues: 10_000,
  maxChecks: 50,
  maxPhases: 50,
  maxName: 512,
  maxPath: 1024,
  maxText: 4096,
  maxList: 200,
  /** Non-member hits an inventory lists (the reconciliation counts them all). */
  maxHits: 2_000,
  /** Line numbers are stored as 32-bit integers (PostgreSQL INTEGER). */
  maxLine: 2_147_483_647,
} as const;

export * from "./paths";
export * from "./vocabulary";
import { ByKindSchema, HitSchema } from "./explain";
import { isPlainRelativePath, memberKeyPath } from "./paths";
import { CHECK_IDS, CLASSIFICATIONS, COUNT_UNITS, UNPHASED, type Classification, type CountUnit } from "./vocabulary";

export const ClassificationSchema = z.enum(CLASSIFICATIONS);
export const CheckIdSchema = z.enum(CHECK_IDS);

const name = z.string().min(1).max(LIMITS.maxName);
const path = z.string().min(1).max(LIMITS.maxPath);

const DOT_SEGMENTS = 'must be a relative path without ".", ".." or empty segments (no leading, trailing or doubled "/")';

/** A member's file: a plain relative path (isPlainRelativePath). */
const memberPath = path.refine(isPlainRelativePath, { message: DOT_SEGMENTS });

const text = z.string().max(LIMITS.maxText);
const nameList = z.array(name).max(LIMITS.maxList);
const count = z.number().int().min(0).max(1_000_000);

export const IsoDateSchema = z.iso.date();
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
export const CommitShaSchema = z.string().regex(/^[0-9a-f]{7,64}$/, "expected a lowercase hex commit SHA (7 to 64 characters)");

export const PhaseSchema = z.strictObject({
  name: name,
  due: IsoDateSchema,
  target: count,
  members: nameList.optional(),
});
export type Phase = z.infer<typeof PhaseSchema>;

export const CountUnitSchema = z.enum(COUNT_UNITS);

export const PlanSchema = z.strictObject({
  pattern: z.string().min(1).max(LIMITS.maxName),
  primary: name.nullable(),
  target: count,
  countSupport: z.boolean(),
  /** The unit of `totals.counted` and of the target: distinct member names (what teams say) or definitions. */
  count: CountUnitSchema.default("names"),
  phases: z.array(PhaseSchema).max(LIMITS.maxPhases),
});
export type Plan = z.infer<typeof PlanSchema>;

export const ConstructorSchema = z.strictObject({
  /** Parameters as written in the source, e.g. `context: UserContext = None`. */
  params: z.array(text).max(LIMITS.maxList),
  /** Normalized signature used for drift grouping, e.g. `(context, agent_factory, websocket_emitter)`. */
  signature: text,
});
export type Constructor = z.infer<typeof ConstructorSchema>;

export const UsedBySchema = z.strictObject({
  /** Files (other than the member's own) that import or reference it. */
  files: count,
  /** Import and reference sites in those files. */
  sites: count,
});
export type UsedBy = z.infer<typeof UsedBySchema>;

export const MemberSchema = z.strictObject({
  /** Stable identity across scans: module path + qualified name, e.g. `pkg/engine.py::Outer.UserExecutionEngine`. */
  key: z
    .string()
    .min(1)
    .max(LIMITS.maxPath + LIMITS.maxName + 2)
    .refine((key) => isPlainRelativePath(memberKeyPath(key)), { message: `the module path before "::" ${DOT_SEGMENTS}` }),
  name: name,
  qualifiedName: z
    .string()
    .min(1)
    .max(LIMITS.maxName * 2),
  kind: z.enum(["class", "alias"]),
  language: z.enum(["python", "typescript", "javascript"]),
  file: memberPath,
  line: z.number().int().min(1).max(LIMITS.maxLine),
  endLine: z.number().int().min(1).max(LIMITS.maxLine),
  loc: count,
  classification: ClassificationSchema,
  reason: text.min(1),
  phase: name.nullable(),
  /** Whether this member counts toward the plan's target (support members only when the plan says so). */
  counted: z.boolean(),
  bases: nameList,
  decorators: nameList,
  constructor: ConstructorSchema.nullable(),
  methods: nameList,
  abstract: z.boolean(),
  abstractReason: text.nullable(),
  deprecated: z.boolean(),
  /** Methods that warn about their own deprecation (the class itself is not deprecated by them). */
  deprecatedMethods: nameList.default([]),
  aliasOf: name.nullable(),
  delegatesTo: name.nullable(),
  emits: count,
  bodyHash: z.string().min(1).max(128),
  /**
   * Where the member is used: imports and references of it (calls, constructions, base classes, annotations,
   * attribute uses) outside its own file, in scanned files. Absent in scans from before usages were measured.
   */
  usedBy: UsedBySchema.optional(),
});
export type Member = z.infer<typeof MemberSchema>;

/**
 * A counted member that is not the primary and is used nowhere outside its own file: it can be deleted now.
 * Unknown (false) when the scan did not measure usages.
 */
export function isRemovable(member: Pick<Member, "counted" | "classification" | "usedBy">): boolean {
  return member.counted && member.classification !== "primary" && member.usedBy !== undefined && member.usedBy.files === 0;
}

export const CheckResultSchema = z.strictObject({
  id: CheckIdSchema,
  passed: z.boolean(),
  /** The measured number: count, primaries, signature groups, emitters, fat adapters, stray redirects. */
  value: z.number().finite(),
  threshold: z.number().finite().nullable(),
  summary: text,
  /** Keys of the members involved, e.g. the emitters or the fat adapters. */
  members: z.array(z.string().max(LIMITS.maxPath + LIMITS.maxName + 2)).max(LIMITS.maxMembers),
  /** Named groups, e.g. constructor signatures and their members. */
  groups: z
    .array(z.strictObject({ label: text, members: z.array(z.string().max(LIMITS.maxPath + LIMITS.maxName + 2)) }))
    .max(LIMITS.maxList)
    .optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const FileIssueSchema = z.strictObject({
  file: path,
  reason: text.min(1),
});
export type FileIssue = z.infer<typeof FileIssueSchema>;

const perClassification = z.strictObject(
  Object.fromEntries(CLASSIFICATIONS.map((c) => [c, count])) as Record<Classification, typeof count>,
);

export const TotalsSchema = z.strictObject({
  /** Definitions: every member (class or alias) found. */
  members: count,
  /** Distinct member names: what a team means by "24 engines". */
  names: count,
  /** The number compared to the target, in the plan's unit (`plan.count`). */
  counted: count,
  /** Definitions per classification (every member, counted or not). */
  byClassification: perClassification,
  /** Definitions per phase name; members with no phase are under "unphased". */
  byPhase: z.record(name, count),
  /**
   * The counted number split by classification, in the plan's unit: it sums to `counted`. With names, a name
   * defined several times is counted once, under the first classification in CLASSIFICATIONS order among its
   * counted definitions. The chart stacks these.
   */
  countedByClassification: perClassification,
  /** The counted number split by phase, in the plan's unit (sums to `counted`), taken like countedByClassification. */
  countedByPhase: z.record(name, count),
  /**
   * Usages still on members that must go: the sum of `usedBy.sites` over counted members that are not the
   * primary. Absent when the scan did not measure usages.
   */
  legacyUsages: count.optional(),
});
export type Totals = z.infer<typeof TotalsSchema>;

export const CommitSchema = z.strictObject({
  sha: CommitShaSchema.nullable(),
  date: IsoDateTimeSchema,
  branch: name.nullable(),
  message: text.nullable().optional(),
});

/**
 * The reconciliation of one scan, in counts, with the hits that are not a member's own syntax listed
 * (docstring, comment, string, unresolved): what "Why this number?" shows. Member hits are summed in
 * `byKind` and in each member's `usedBy`.
 */
export const ReconciliationSchema = z.strictObject({
  /** What a plain text search of the pattern finds in the scanned files: lines, files, distinct words. */
  grep: z.strictObject({ lines: count, files: count, words: count }),
  /** The team's usual count: distinct matching words on lines containing `class `, and how many of them are class names. */
  classLines: z.strictObject({ lines: count, words: count, classNames: count }),
  byKind: ByKindSchema,
  /** Files left out by include/exclude that hold hits, per reason (never listed one by one). */
  excluded: z.array(z.strictObject({ reason: text.min(1), files: count, hits: count })).max(LIMITS.maxList),
  /** Hits that are not member syntax (kinds docstring, comment, string, unresolved), at most LIMITS.maxHits. */
  hits: z.array(HitSchema).max(LIMITS.maxHits),
  /** All such hits, when more than `hits` holds. */
  hitsTotal: count,
});
export type Reconciliation = z.infer<typeof ReconciliationSchema>;

const InventoryObject = z.strictObject({
  schemaVersion: z.literal(INVENTORY_SCHEMA_VERSION),
  scanner: z.strictObject({ name: name, version: name }),
  commit: CommitSchema,
  plan: PlanSchema,
  totals: TotalsSchema,
  members: z.array(MemberSchema).max(LIMITS.maxMembers),
  checks: z.array(CheckResultSchema).max(LIMITS.maxChecks),
  files: z.strictObject({
    scanned: count,
    skipped: z.array(FileIssueSchema).max(LIMITS.maxFileIssues),
    failed: z.array(FileIssueSchema).max(LIMITS.maxFileIssues),
  }),
  /** "Why this number?": how a plain text search of the pattern reconciles with the members. Absent in older scans. */
  reconciliation: ReconciliationSchema.optional(),
});

type TotalsMember = Pick<Member, "name" | "classification" | "phase" | "counted"> & { usedBy?: Member["usedBy"] };

const zeroPerClassification = () => Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0])) as Record<Classification, number>;

// A Map, not an object: phase names such as "constructor" or "__proto__" are data, not properties.
function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The counted members, one per name when the unit is names: the definition with the first classification wins. */
export function countedRepresentatives<M extends TotalsMember>(members: readonly M[], unit: CountUnit): M[] {
  const counted = members.filter((member) => member.counted);
  if (unit === "definitions") return counted;
  const rank = (m: M) => CLASSIFICATIONS.indexOf(m.classification);
  const byName = new Map<string, M>();
  for (const member of counted) {
    const current = byName.get(member.name);
    if (current === undefined || rank(member) < rank(current)) byName.set(member.name, member);
  }
  return [...byName.values()];
}

/** Totals derived from members: the one definition the scanner and the ingest share. */
export function computeTotals(members: readonly TotalsMember[], unit: CountUnit = "names"): Totals {
  const byClassification = zeroPerClassification();
  const byPhase = new Map<string, number>();
  for (const member of members) {
    byClassification[member.classification] += 1;
    increment(byPhase, member.phase ?? UNPHASED);
  }
  const countedByClassification = zeroPerClassification();
  const countedByPhase = new Map<string, number>();
  const representatives = countedRepresentatives(members, unit);
  for (const member of representatives) {
    countedByClassification[member.classification] += 1;
    increment(countedByPhase, member.phase ?? UNPHASED);
  }
  const totals: Totals = {
    members: members.length,
    names: new Set(members.map((member) => member.name)).size,
    counted: representatives.length,
    byClassification,
    byPhase: Object.fromEntries(byPhase),
    countedByClassification,
    countedByPhase: Object.fromEntries(countedByPhase),
  };
  const legacyUsages = sumLegacyUsages(members);
  if (legacyUsages !== null) totals.legacyUsages = legacyUsages;
  return totals;
}

/** Usage sites of every counted definition that is not the primary; null when no member carries usages. */
function sumLegacyUsages(members: readonly TotalsMember[]): number | null {
  if (!members.some((member) => member.usedBy !== undefined)) return null;
  let sites = 0;
  for (const member of members) {
    if (member.counted && member.classification !== "primary") sites += member.usedBy?.sites ?? 0;
  }
  return sites;
}

const ownCount = (record: Record<string, number>, key: string) => (Object.hasOwn(record, key) ? record[key] : 0);

function sameRecord(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => ownCount(a, key) === ownCount(b, key));
}

function sameTotals(a: Totals, b: Totals): boolean {
  if (a.members !== b.members || a.names !== b.names || a.counted !== b.counted) return false;
  if ((a.legacyUsages ?? null) !== (b.legacyUsages ?? null)) return false;
  return (
    sameRecord(a.byClassification, b.byClassification) &&
    sameRecord(a.byPhase, b.byPhase) &&
    sameRecord(a.countedByClassification, b.countedByClassification) &&
    sameRecord(a.countedByPhase, b.countedByPhase)
  );
}

function refineInventory(inventory: z.infer<typeof InventoryObject>, ctx: z.RefinementCtx): void {
  const keys = new Set<string>();
  inventory.members.forEach((member, index) => {
    if (keys.has(member.key)) {
      ctx.addIssue({ code: "custom", path: ["members", index, "key"], message: `duplicate member key "${member.key}"` });
    }
    keys.add(member.key);
    if (member.endLine < member.line) {
      ctx.addIssue({ code: "custom", path: ["members", index, "endLine"], message: "endLine is before line" });
    }
  });
  const checkIds = new Set<string>();
  inventory.checks.forEach((check, index) => {
    if (checkIds.has(check.id)) {
      ctx.addIssue({ code: "custom", path: ["checks", index, "id"], message: `duplicate check "${check.id}"` });
    }
    checkIds.add(check.id);
  });
  if (!sameTotals(inventory.totals, computeTotals(inventory.members, inventory.plan.count))) {
    ctx.addIssue({ code: "custom", path: ["totals"], message: "totals do not match the members" });
  }
}

export const InventorySchema = InventoryObject.superRefine(refineInventory);
export type Inventory = z.infer<typeof InventorySchema>;

/** What the ingest API accepts: an inventory pinned to a commit. */
export const IngestInventorySchema = InventoryObject.extend({
  commit: CommitSchema.extend({ sha: CommitShaSchema }),
}).superRefine(refineInventory);
export type CommittedInventory = z.infer<typeof IngestInventorySchema>;

/** A scan is incomplete when any file was skipped or failed: the chart marks it. */
export function isComplete(inventory: Pick<Inventory, "files">): boolean {
  return inventory.files.skipped.length === 0 && inventory.files.failed.length === 0;
}

/** A family's slug inside a repository's portfolio: the same rule as a project slug. */
export const FamilySlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "a family slug is 1-63 lowercase letters, digits and dashes, starting with a letter or digit");

/** What a portfolio adds to each family's inventory: which family it is. */
const familyFields = {
  slug: FamilySlugSchema,
  name: name.nullable(),
  /** The tracking issue's URL (shown on every page of the family). */
  issue: z
    .url({ protocol: /^https?$/ })
    .max(LIMITS.maxPath)
    .nullable(),
};

const FamilyInventoryObject = InventoryObject.extend(familyFields);
/** One family of a portfolio: a complete inventory (it posts to the family's project as is) plus its slug. */
export const FamilyInventorySchema = FamilyInventoryObject.superRefine(refineInventory);
export type FamilyInventory = z.infer<typeof FamilyInventorySchema>;

export const PORTFOLIO_KIND = "portfolio";
/** Families one portfolio may hold. */
export const MAX_FAMILIES = 100;

function refinePortfolio(
  portfolio: { commit: { sha: string | null; date: string }; families: ReadonlyArray<{ slug: string; commit: { sha: string | null } }> },
  ctx: z.RefinementCtx,
): void {
  const slugs = new Set<string>();
  portfolio.families.forEach((family, index) => {
    if (slugs.has(family.slug)) {
      ctx.addIssue({ code: "custom", path: ["families", index, "slug"], message: `duplicate family "${family.slug}"` });
    }
    slugs.add(family.slug);
    if (family.commit.sha !== portfolio.commit.sha) {
      ctx.addIssue({ code: "custom", path: ["families", index, "commit", "sha"], message: "differs from the portfolio's commit" });
    }
  });
}

/**
 * Every family of a repository at one commit, from one pass over its files (`families` in the
 * config). Each element is that family's full inventory, so one family posts like a single scan.
 */
export const PortfolioInventorySchema = z
  .strictObject({
    schemaVersion: z.literal(INVENTORY_SCHEMA_VERSION),
    kind: z.literal(PORTFOLIO_KIND),
    scanner: z.strictObject({ name: name, version: name }),
    commit: CommitSchema,
    families: z.array(FamilyInventorySchema).min(1).max(MAX_FAMILIES),
  })
  .superRefine(refinePortfolio);
export type PortfolioInventory = z.infer<typeof PortfolioInventorySchema>;

/** What the repository ingest API accepts: a portfolio pinned to a commit. */
export const IngestPortfolioSchema = z
  .strictObject({
    schemaVersion: z.literal(INVENTORY_SCHEMA_VERSION),
    kind: z.literal(PORTFOLIO_KIND),
    scanner: z.strictObject({ name: name, version: name }),
    commit: CommitSchema.extend({ sha: CommitShaSchema }),
    families: z
      .array(FamilyInventoryObject.extend({ commit: CommitSchema.extend({ sha: CommitShaSchema }) }).superRefine(refineInventory))
      .min(1)
      .max(MAX_FAMILIES),
  })
  .superRefine(refinePortfolio);
export type CommittedPortfolio = z.infer<typeof IngestPortfolioSchema>;
