import { CHECK_TITLES, CLASSIFICATIONS, UNPHASED, isComplete, type CheckResult, type Inventory } from "../../contract/inventory";

export function commitLabel(inventory: Inventory): string {
  const { sha, branch, date } = inventory.commit;
  if (!sha) return `no commit (scanned ${date})`;
  return `${sha.slice(0, 12)}${branch ? ` on ${branch}` : ""} (${date})`;
}

export function statusLine(inventory: Inventory): string {
  const { totals, plan, files } = inventory;
  const failing = inventory.checks.filter((c) => !c.passed).length;
  const parts = [
    `${totals.counted} counted / target ${plan.target}`,
    `${totals.members} members`,
    `${inventory.checks.length - failing}/${inventory.checks.length} checks pass`,
    `${files.scanned} files`,
  ];
  if (!isComplete(inventory)) parts.push(`INCOMPLETE: ${files.skipped.length} skipped, ${files.failed.length} failed`);
  return parts.join(" · ");
}

export function classificationRows(inventory: Inventory): Array<[string, number]> {
  return CLASSIFICATIONS.map((c) => [c, inventory.totals.byClassification[c]]);
}

export function phaseRows(inventory: Inventory): Array<[string, number, number | null, string | null]> {
  const rows: Array<[string, number, number | null, string | null]> = inventory.plan.phases.map((p) => [p.name, inventory.totals.byPhase[p.name] ?? 0, p.target, p.due]);
  const unphased = inventory.totals.byPhase[UNPHASED];
  if (unphased) rows.push([UNPHASED, unphased, null, null]);
  return rows;
}

export function checkTitle(id: keyof typeof CHECK_TITLES): string {
  return CHECK_TITLES[id];
}

/** `20 (≤ 8)`; the primary check wants exactly its threshold: `1 (= 1)`. */
export function checkValue(check: CheckResult): string {
  if (check.threshold === null) return String(check.value);
  return `${check.value} (${check.id === "single-primary" ? "=" : "≤"} ${check.threshold})`;
}
