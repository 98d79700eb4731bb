import {
  CHECK_TITLES,
  CLASSIFICATIONS,
  UNPHASED,
  formatCount,
  isComplete,
  isRemovable,
  type CheckResult,
  type Inventory,
  type Member,
} from "../../contract/inventory";

export function commitLabel(inventory: Inventory): string {
  const { sha, branch, date } = inventory.commit;
  if (!sha) return `no commit (scanned ${date})`;
  return `${sha.slice(0, 12)}${branch ? ` on ${branch}` : ""} (${date})`;
}

/** "19 names counted / target 8": the number compared with the target, in the plan's unit. */
export function countedLabel(inventory: Inventory): string {
  const { totals, plan } = inventory;
  return `${totals.counted} ${plan.count} counted / target ${plan.target}`;
}

/** "23 names (24 definitions)": every member, in the plan's unit first. */
export function sizeLabel(inventory: Inventory): string {
  return formatCount(inventory.totals, inventory.plan.count);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "15 legacy usages": imports and references still on counted members other than the primary; null when not measured. */
export function legacyUsagesLabel(inventory: Pick<Inventory, "totals">): string | null {
  const usages = inventory.totals.legacyUsages;
  return usages === undefined ? null : `${plural(usages, "legacy usage")}`;
}

/** Whether the scan measured usages (its members carry `usedBy`). */
export function measuresUsages(inventory: Pick<Inventory, "members" | "totals">): boolean {
  return inventory.totals.legacyUsages !== undefined || inventory.members.some((m) => m.usedBy !== undefined);
}

/** A member's usages outside its own file: "3 files, 6 sites", "no usages: removable" for a counted non-primary member, "-" unmeasured. */
export function usedByLabel(member: Pick<Member, "usedBy" | "counted" | "classification">): string {
  const { usedBy } = member;
  if (!usedBy) return "-";
  if (isRemovable(member)) return "no usages: removable";
  if (usedBy.files === 0) return "no usages";
  return `${plural(usedBy.files, "file")}, ${plural(usedBy.sites, "site")}`;
}

export function statusLine(inventory: Inventory): string {
  const { files } = inventory;
  const failing = inventory.checks.filter((c) => !c.passed).length;
  const legacy = legacyUsagesLabel(inventory);
  const parts = [
    countedLabel(inventory),
    sizeLabel(inventory),
    ...(legacy ? [legacy] : []),
    `${inventory.checks.length - failing}/${inventory.checks.length} checks pass`,
    `${files.scanned} files`,
  ];
  if (!isComplete(inventory)) parts.push(`INCOMPLETE: ${files.skipped.length} skipped, ${files.failed.length} failed`);
  return parts.join(" · ");
}

/** Per classification: definitions found, and how many count toward the target (in the plan's unit). */
export function classificationRows(inventory: Inventory): Array<[string, number, number]> {
  const { byClassification, countedByClassification } = inventory.totals;
  return CLASSIFICATIONS.map((c) => [c, byClassification[c], countedByClassification[c]]);
}

const own = (record: Record<string, number>, key: string): number => (Object.hasOwn(record, key) ? (record[key] ?? 0) : 0);

/** Per phase: name, definitions, counted (plan's unit), target, due. */
export function phaseRows(inventory: Inventory): Array<[string, number, number, number | null, string | null]> {
  const { byPhase, countedByPhase } = inventory.totals;
  const rows: Array<[string, number, number, number | null, string | null]> = inventory.plan.phases.map((p) => [
    p.name,
    own(byPhase, p.name),
    own(countedByPhase, p.name),
    p.target,
    p.due,
  ]);
  const unphased = own(byPhase, UNPHASED);
  if (unphased) rows.push([UNPHASED, unphased, own(countedByPhase, UNPHASED), null, null]);
  return rows;
}

/** How many definitions each name has, for marking names defined more than once. */
export function definitionsPerName(inventory: Inventory): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of inventory.members) out.set(m.name, (out.get(m.name) ?? 0) + 1);
  return out;
}

export function checkTitle(id: keyof typeof CHECK_TITLES): string {
  return CHECK_TITLES[id];
}

/** `20 (≤ 8)`; the primary check wants exactly its threshold: `1 (= 1)`. */
export function checkValue(check: CheckResult): string {
  if (check.threshold === null) return String(check.value);
  return `${check.value} (${check.id === "single-primary" ? "=" : "≤"} ${check.threshold})`;
}

const ELLIPSIS = "…";

/**
 * Shortens text in its middle so a fixed-width column stays narrow: a path keeps its first segment
 * and as many trailing segments as fit (`netra_backend/…/tools/engine.py:12`).
 */
export function shortenMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const segments = text.split("/");
  const head = segments[0] ?? "";
  let tail = "";
  for (let index = segments.length - 1; index > 0; index--) {
    const candidate = tail === "" ? (segments[index] ?? "") : `${segments[index] ?? ""}/${tail}`;
    if (`${head}/${ELLIPSIS}/${candidate}`.length > max) break;
    tail = candidate;
  }
  if (tail !== "" && segments.length > 2) return `${head}/${ELLIPSIS}/${tail}`;
  const keep = max - 1;
  const front = Math.ceil(keep / 2);
  return `${text.slice(0, front)}${ELLIPSIS}${text.slice(text.length - (keep - front))}`;
}
