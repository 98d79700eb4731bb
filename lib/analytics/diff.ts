import type { Classification, Member } from "@/lib/contract/inventory";

export interface MemberRef {
  key: string;
  name: string;
  file: string;
  line: number;
  classification: Classification;
}

export interface MemberDiff {
  added: MemberRef[];
  removed: MemberRef[];
  reclassified: Array<{ member: MemberRef; from: Classification; to: Classification }>;
  moved: Array<{ from: MemberRef; to: MemberRef; by: "body" | "name" }>;
  signatureChanged: Array<{ member: MemberRef; from: string | null; to: string | null }>;
}

type DiffMember = Pick<Member, "key" | "name" | "file" | "line" | "classification" | "bodyHash" | "kind"> & {
  constructor: { signature: string } | null;
};

function ref(member: DiffMember): MemberRef {
  return { key: member.key, name: member.name, file: member.file, line: member.line, classification: member.classification };
}

/**
 * Added, removed, reclassified, moved and signature-changed members between two scans. A member
 * whose key vanished and reappeared elsewhere with the same body (or, failing that, the same unique
 * name) is a move, not a removal plus an addition.
 */
export function diffMembers(before: readonly DiffMember[], after: readonly DiffMember[]): MemberDiff {
  const beforeByKey = new Map(before.map((member) => [member.key, member]));
  const afterByKey = new Map(after.map((member) => [member.key, member]));
  const gone = before.filter((member) => !afterByKey.has(member.key));
  const fresh = after.filter((member) => !beforeByKey.has(member.key));

  const moved: MemberDiff["moved"] = [];
  const matchedGone = new Set<string>();
  const matchedFresh = new Set<string>();
  const pair = (by: "body" | "name", keyOf: (member: DiffMember) => string) => {
    const candidates = new Map<string, DiffMember[]>();
    for (const member of gone) {
      if (matchedGone.has(member.key)) continue;
      const list = candidates.get(keyOf(member)) ?? [];
      list.push(member);
      candidates.set(keyOf(member), list);
    }
    for (const member of fresh) {
      if (matchedFresh.has(member.key)) continue;
      const list = candidates.get(keyOf(member));
      if (list?.length !== 1) continue;
      const origin = list[0]!;
      if (origin.kind !== member.kind) continue;
      matchedGone.add(origin.key);
      matchedFresh.add(member.key);
      candidates.delete(keyOf(member));
      moved.push({ from: ref(origin), to: ref(member), by });
    }
  };
  pair("body", (member) => `${member.name}\u0000${member.bodyHash}`);
  pair("name", (member) => member.name);

  const reclassified: MemberDiff["reclassified"] = [];
  const signatureChanged: MemberDiff["signatureChanged"] = [];
  const continuing: Array<[DiffMember, DiffMember]> = [
    ...after
      .filter((member) => beforeByKey.has(member.key))
      .map((member) => [beforeByKey.get(member.key)!, member] as [DiffMember, DiffMember]),
    ...moved.map(({ from, to }) => [beforeByKey.get(from.key)!, afterByKey.get(to.key)!] as [DiffMember, DiffMember]),
  ];
  for (const [old, current] of continuing) {
    if (old.classification !== current.classification) {
      reclassified.push({ member: ref(current), from: old.classification, to: current.classification });
    }
    const from = old.constructor?.signature ?? null;
    const to = current.constructor?.signature ?? null;
    if (from !== to) signatureChanged.push({ member: ref(current), from, to });
  }
  const byName = (a: MemberRef, b: MemberRef) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key);
  return {
    added: fresh
      .filter((member) => !matchedFresh.has(member.key))
      .map(ref)
      .sort(byName),
    removed: gone
      .filter((member) => !matchedGone.has(member.key))
      .map(ref)
      .sort(byName),
    reclassified: reclassified.sort((a, b) => byName(a.member, b.member)),
    moved: moved.sort((a, b) => byName(a.to, b.to)),
    signatureChanged: signatureChanged.sort((a, b) => byName(a.member, b.member)),
  };
}

export const DIFF_COLUMNS = ["change", "name", "key", "file", "line", "from", "to"] as const;

/** One row per change, for CSV and markdown. */
export function diffRows(diff: MemberDiff): Array<Record<(typeof DIFF_COLUMNS)[number], string | number | null>> {
  const row = (change: string, member: MemberRef, from: string | null, to: string | null) => ({
    change,
    name: member.name,
    key: member.key,
    file: member.file,
    line: member.line,
    from,
    to,
  });
  return [
    ...diff.added.map((member) => row("added", member, null, member.classification)),
    ...diff.removed.map((member) => row("removed", member, member.classification, null)),
    ...diff.reclassified.map((change) => row("reclassified", change.member, change.from, change.to)),
    ...diff.moved.map((move) => row("moved", move.to, move.from.file, move.to.file)),
    ...diff.signatureChanged.map((change) => row("signature", change.member, change.from, change.to)),
  ];
}
