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
  /** Line numbers are stored as 32-bit integers (PostgreSQL INTEGER). */
  maxLine: 2_147_483_647,
} as const;

export * from "./vocabulary";
import { CHECK_IDS, CLASSIFICATIONS, UNPHASED, type Classification } from "./vocabulary";

export const ClassificationSchema = z.enum(CLASSIFICATIONS);
export const CheckIdSchema = z.enum(CHECK_IDS);

const name = z.string().min(1).max(LIMITS.maxName);
const path = z.string().min(1).max(LIMITS.maxPath);
const text = z.string().max(LIMITS.maxText);
const nameList = z.array(name).max(LIMITS.maxList);
const count = z.number().int().min(0).max(1_000_000);

export const IsoDateSchema = z.iso.date();
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
export const CommitShaSchema = z
  .string()
  .regex(/^[0-9a-f]{7,64}$/, "expected a lowercase hex commit SHA (7 to 64 characters)");

export const PhaseSchema = z.strictObject({
  name: name,
  due: IsoDateSchema,
  target: count,
  members: nameList.optional(),
});
export type Phase = z.infer<typeof PhaseSchema>;

export const PlanSchema = z.strictObject({
  pattern: z.string().min(1).max(LIMITS.maxName),
  primary: name.nullable(),
  target: count,
  countSupport: z.boolean(),
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

export const MemberSchema = z.strictObject({
  /** Stable identity across scans: module path + qualified name, e.g. `pkg/engine.py::Outer.UserExecutionEngine`. */
  key: z.string().min(1).max(LIMITS.maxPath + LIMITS.maxName + 2),
  name: name,
  qualifiedName: z.string().min(1).max(LIMITS.maxName * 2),
  kind: z.enum(["class", "alias"]),
  language: z.enum(["python", "typescript", "javascript"]),
  file: path,
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
  aliasOf: name.nullable(),
  delegatesTo: name.nullable(),
  emits: count,
  bodyHash: z.string().min(1).max(128),
});
export type Member = z.infer<typeof MemberSchema>;

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

export const TotalsSchema = z.strictObject({
  members: count,
  /** The number compared to the target. */
  counted: count,
  byClassification: z.strictObject(
    Object.fromEntries(CLASSIFICATIONS.map((c) => [c, count])) as Record<Classification, typeof count>,
  ),
  /** Members per phase name; members with no phase are under "unphased". */
  byPhase: z.record(name, count),
});
export type Totals = z.infer<typeof TotalsSchema>;


export const CommitSchema = z.strictObject({
  sha: CommitShaSchema.nullable(),
  date: IsoDateTimeSchema,
  branch: name.nullable(),
  message: text.nullable().optional(),
});

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
});

/** Totals derived from members: the one definition the scanner and the ingest share. */
export function computeTotals(members: readonly Member[]): Totals {
  const byClassification = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0])) as Record<Classification, number>;
  // A Map, not an object: phase names such as "constructor" or "__proto__" are data, not properties.
  const byPhase = new Map<string, number>();
  let counted = 0;
  for (const member of members) {
    byClassification[member.classification] += 1;
    if (member.counted) counted += 1;
    const phase = member.phase ?? UNPHASED;
    byPhase.set(phase, (byPhase.get(phase) ?? 0) + 1);
  }
  return { members: members.length, counted, byClassification, byPhase: Object.fromEntries(byPhase) };
}

const ownCount = (record: Record<string, number>, key: string) => (Object.hasOwn(record, key) ? record[key] : 0);

function sameTotals(a: Totals, b: Totals): boolean {
  if (a.members !== b.members || a.counted !== b.counted) return false;
  if (CLASSIFICATIONS.some((c) => a.byClassification[c] !== b.byClassification[c])) return false;
  const phases = new Set([...Object.keys(a.byPhase), ...Object.keys(b.byPhase)]);
  return [...phases].every((p) => ownCount(a.byPhase, p) === ownCount(b.byPhase, p));
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
  if (!sameTotals(inventory.totals, computeTotals(inventory.members))) {
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
