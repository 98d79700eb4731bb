import { computeTotals, type CommittedInventory, type Reconciliation, type UsedBy } from "@/lib/contract/inventory";
import { emptyByKind, type Hit } from "@/lib/contract/explain";

/** Test data: an inventory whose members carry `usedBy` (by member name) and whose totals carry legacyUsages. */
export function withUsages(inventory: CommittedInventory, usedBy: Record<string, UsedBy>): CommittedInventory {
  const members = inventory.members.map((member) => {
    const usage = usedBy[member.name];
    return usage ? { ...member, usedBy: usage } : member;
  });
  return { ...inventory, members, totals: computeTotals(members, inventory.plan.count ?? "names") };
}

/** A reconciliation with the given hits (their kinds counted into byKind over member hits given apart). */
export function makeReconciliation(
  hits: Hit[],
  options: { memberHits?: Partial<Reconciliation["byKind"]>; excluded?: Reconciliation["excluded"] } = {},
): Reconciliation {
  const byKind = { ...emptyByKind(), ...options.memberHits };
  for (const hit of hits) byKind[hit.kind] += 1;
  const words = new Set(hits.map((hit) => hit.word));
  const files = new Set(hits.map((hit) => hit.file));
  const total = Object.values(byKind).reduce((sum, count) => sum + count, 0);
  return {
    grep: { lines: total, files: files.size + 1, words: words.size + 1 },
    classLines: { lines: 3, words: 4, classNames: 3 },
    byKind,
    excluded: options.excluded ?? [],
    hits,
    hitsTotal: hits.length,
  };
}

export const DOCSTRING_HITS: Hit[] = [
  { file: "pkg/engines/factory.py", line: 3, kind: "docstring", word: "UserExecutionEngine" },
  { file: "pkg/engines/engine_1.py", line: 2, kind: "docstring", word: "LegacyExecutionEngine" },
  { file: "pkg/run.py", line: 8, kind: "comment", word: "Engine1ExecutionEngine" },
  { file: "pkg/run.py", line: 12, kind: "unresolved", word: "RemoteExecutionEngine" },
];

/** An inventory with usages and a reconciliation: one call for the common case. */
export function withReconciliation(
  inventory: CommittedInventory,
  hits: Hit[] = DOCSTRING_HITS,
  excluded: Reconciliation["excluded"] = [],
): CommittedInventory {
  const memberHits = { definition: inventory.members.length, import: 6, reference: 9 };
  return { ...inventory, reconciliation: makeReconciliation(hits, { memberHits, excluded }) };
}
