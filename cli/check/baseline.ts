/**
 * The CI gate's rule, Betterer style: the family may only shrink against a baseline.
 * It fails when the counted number goes up, when a counted member appears that the baseline does
 * not list, when a check that passed now fails, and (for a committed baseline file) when the file
 * lists a member that no longer exists, so the file itself only ever shrinks.
 */
import { z } from "zod";
import { CHECK_IDS, CHECK_TITLES, COUNT_UNITS, type CheckId, type CountUnit, type Inventory } from "@/lib/contract/inventory";

export const BASELINE_VERSION = 1;

const BaselineMemberSchema = z.strictObject({
  key: z.string().min(1),
  name: z.string().min(1),
  file: z.string().min(1),
  line: z.number().int().min(1),
  classification: z.string().min(1),
  bodyHash: z.string().optional(),
});
export type BaselineMember = z.infer<typeof BaselineMemberSchema>;

export const BaselineFileSchema = z.strictObject({
  version: z.literal(BASELINE_VERSION),
  /** Counted at the baseline, in `unit`; what may not go up. */
  counted: z.number().int().min(0),
  /** The unit of `counted`. Files written before names were counted have none: they counted definitions. */
  unit: z.enum(COUNT_UNITS).optional(),
  target: z.number().int().min(0).nullable(),
  /** The counted members, by key. */
  members: z.array(BaselineMemberSchema),
  /** Checks that passed at the baseline: each must keep passing. */
  passing: z.array(z.enum(CHECK_IDS)),
});
export type Baseline = z.infer<typeof BaselineFileSchema>;

interface MemberLike {
  key: string;
  name: string;
  file: string;
  line: number;
  classification: string;
  counted: boolean;
  bodyHash?: string;
}

function toEntry(member: MemberLike): BaselineMember {
  return {
    key: member.key,
    name: member.name,
    file: member.file,
    line: member.line,
    classification: member.classification,
    ...(member.bodyHash ? { bodyHash: member.bodyHash } : {}),
  };
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The counted number of a list of counted members: distinct names, or every definition. */
export function countIn(members: ReadonlyArray<{ name: string }>, unit: CountUnit): number {
  return unit === "names" ? new Set(members.map((m) => m.name)).size : members.length;
}

/** A baseline from a scan: the inventory of this run (--update-baseline) or the server's last scan. */
export function baselineOf(scan: {
  members: readonly MemberLike[];
  checks: ReadonlyArray<{ id: string; passed: boolean }>;
  target: number | null;
  /** The plan's counting unit; names when not known. */
  unit?: CountUnit;
}): Baseline {
  const unit = scan.unit ?? "names";
  const counted = scan.members
    .filter((m) => m.counted)
    .map(toEntry)
    .sort(byKey);
  const passing = scan.checks
    .filter((c) => c.passed && (CHECK_IDS as readonly string[]).includes(c.id))
    .map((c) => c.id as CheckId)
    .sort();
  return { version: BASELINE_VERSION, counted: countIn(counted, unit), unit, target: scan.target, members: counted, passing };
}

export function baselineFromInventory(inventory: Inventory): Baseline {
  return baselineOf({ members: inventory.members, checks: inventory.checks, target: inventory.plan.target, unit: inventory.plan.count });
}

/** The baseline's count in the current plan's unit: recounted from its members when the unit changed. */
function baselineCount(baseline: Baseline, unit: CountUnit): number {
  return (baseline.unit ?? "definitions") === unit ? baseline.counted : countIn(baseline.members, unit);
}

/** Stable text: one member per line, so a baseline diff in review reads as the family shrinking. */
export function serializeBaseline(baseline: Baseline): string {
  const members = baseline.members.map((m) => `    ${JSON.stringify(m)}`).join(",\n");
  return `{
  "version": ${baseline.version},
  "counted": ${baseline.counted},${baseline.unit ? `\n  "unit": ${JSON.stringify(baseline.unit)},` : ""}
  "target": ${JSON.stringify(baseline.target)},
  "passing": ${JSON.stringify(baseline.passing)},
  "members": [${members ? `\n${members}\n  ` : ""}]
}
`;
}

export class BaselineError extends Error {
  override name = "BaselineError";
}

export function parseBaseline(text: string, label: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${label}: invalid JSON (${(error as Error).message})`);
  }
  const result = BaselineFileSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BaselineError(`${label}: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "not a baseline"}`);
  }
  return result.data;
}

export interface Located {
  key: string;
  name: string;
  file: string;
  line: number;
  classification: string;
}

export interface CheckOutcome {
  passed: boolean;
  /** Where the baseline came from, e.g. `converge-baseline.json` or `main @ 1a2b3c4`. */
  baselineLabel: string;
  /** The unit of `before` and `now`: the plan's (names by default). */
  unit: CountUnit;
  before: number;
  now: number;
  target: number;
  /** Counted members the baseline does not list. */
  added: Located[];
  /** Baseline entries that no longer exist (or no longer count). Fail only for a baseline file. */
  stale: Located[];
  /** Same name and body at another key: reported as a move, and the old entry is stale. */
  moved: Array<{ from: Located; to: Located }>;
  /** Checks that passed at the baseline and fail now. */
  broken: Array<{ id: CheckId; title: string; summary: string }>;
  /** Why it failed, one line each; empty when it passed. */
  reasons: string[];
}

export interface DiffOptions {
  baselineLabel: string;
  /** A committed baseline must shrink with the code: its stale entries fail. */
  staleFails: boolean;
}

export function diffAgainstBaseline(baseline: Baseline, inventory: Inventory, options: DiffOptions): CheckOutcome {
  const current = inventory.members.filter((m) => m.counted);
  const known = new Map(baseline.members.map((m) => [m.key, m]));
  const present = new Set(current.map((m) => m.key));
  const addedAll = current.filter((m) => !known.has(m.key));
  const staleAll = baseline.members.filter((m) => !present.has(m.key));

  // A move keeps name and body hash: say so instead of reporting an unrelated add and removal.
  const moved: CheckOutcome["moved"] = [];
  const movedTo = new Set<string>();
  const movedFrom = new Set<string>();
  for (const member of addedAll) {
    const from = staleAll.find(
      (s) => !movedFrom.has(s.key) && s.name === member.name && s.bodyHash !== undefined && s.bodyHash === member.bodyHash,
    );
    if (!from) continue;
    moved.push({ from, to: member });
    movedTo.add(member.key);
    movedFrom.add(from.key);
  }
  const added = addedAll.filter((m) => !movedTo.has(m.key));
  const stale = staleAll.filter((m) => !movedFrom.has(m.key));

  const passing = new Set<string>(baseline.passing);
  const broken = inventory.checks
    .filter((c) => !c.passed && passing.has(c.id))
    .map((c) => ({ id: c.id, title: CHECK_TITLES[c.id], summary: c.summary }));

  const unit = inventory.plan.count;
  const before = baselineCount(baseline, unit);
  const reasons: string[] = [];
  if (inventory.totals.counted > before) {
    reasons.push(`the count went up: ${inventory.totals.counted} ${unit} counted, baseline ${before}`);
  }
  if (added.length > 0) reasons.push(`${added.length} new member(s) not in the baseline`);
  if (broken.length > 0) reasons.push(`${broken.length} check(s) that passed now fail`);
  if (options.staleFails && stale.length + moved.length > 0) {
    reasons.push(
      `${stale.length + moved.length} baseline entr${stale.length + moved.length === 1 ? "y is" : "ies are"} stale: run with --update-baseline`,
    );
  }
  return {
    passed: reasons.length === 0,
    baselineLabel: options.baselineLabel,
    unit,
    before,
    now: inventory.totals.counted,
    target: inventory.plan.target,
    added,
    stale,
    moved,
    broken,
    reasons,
  };
}
