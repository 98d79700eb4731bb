import { CHECK_TITLES, CheckIdSchema } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { compareScans } from "./compare";
import { toMember } from "./mappers";
import type { CommitRef } from "./types";
import type { Member } from "@/lib/contract/inventory";

export interface EngineObservation {
  commit: CommitRef;
  member: Member;
}

/** Consecutive scans in which the member looked the same: the timeline without its repetitions. */
export interface EnginePeriod {
  from: CommitRef;
  to: CommitRef;
  scans: number;
  member: Member;
}

export interface EngineHistory {
  key: string;
  name: string;
  firstSeen: CommitRef;
  lastSeen: CommitRef;
  /** The first scan after the last sighting, when the member is gone. */
  removedIn: CommitRef | null;
  periods: EnginePeriod[];
  signatureChanges: Array<{ commit: CommitRef; from: string | null; to: string | null }>;
  movedFrom: { key: string; commit: CommitRef } | null;
  movedTo: { key: string; commit: CommitRef } | null;
  /** In the engine's latest scan: the member it delegates to and the members that delegate to it. */
  delegatesTo: Array<{ key: string; name: string }>;
  delegatedBy: Array<{ key: string; name: string }>;
  checks: Array<{ id: string; title: string; passed: boolean }>;
}

function samePeriod(a: Member, b: Member): boolean {
  return (
    a.classification === b.classification &&
    a.phase === b.phase &&
    a.file === b.file &&
    a.line === b.line &&
    a.loc === b.loc &&
    a.kind === b.kind &&
    a.bodyHash === b.bodyHash &&
    a.reason === b.reason &&
    (a.constructor?.signature ?? null) === (b.constructor?.signature ?? null)
  );
}

function commitOf(scan: { commitSha: string; committedAt: Date; branch: string | null; commitMessage: string | null }): CommitRef {
  return { sha: scan.commitSha, date: scan.committedAt.toISOString(), branch: scan.branch, message: scan.commitMessage };
}

const SCAN_COMMIT = { id: true, commitSha: true, committedAt: true, branch: true, commitMessage: true } as const;

export async function getEngineHistory(db: Db, projectId: number, key: string): Promise<EngineHistory | null> {
  const engine = await db.engine.findUnique({ where: { projectId_key: { projectId, key } } });
  if (!engine) return null;
  const rows = await db.observation.findMany({
    where: { engineId: engine.id },
    include: { engine: { select: { key: true } }, scan: { select: SCAN_COMMIT } },
    orderBy: { scan: { committedAt: "asc" } },
  });
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return null;
  const observations: EngineObservation[] = rows.map((row) => ({ commit: commitOf(row.scan), member: toMember(row) }));
  const periods: EnginePeriod[] = [];
  for (const observation of observations) {
    const current = periods.at(-1);
    if (current && samePeriod(current.member, observation.member)) {
      current.to = observation.commit;
      current.scans += 1;
    } else {
      periods.push({ from: observation.commit, to: observation.commit, scans: 1, member: observation.member });
    }
  }

  const signatureChanges: EngineHistory["signatureChanges"] = [];
  observations.forEach((observation, index) => {
    const previous = observations[index - 1];
    if (!previous) return;
    const from = previous.member.constructor?.signature ?? null;
    const to = observation.member.constructor?.signature ?? null;
    if (from !== to) signatureChanges.push({ commit: observation.commit, from, to });
  });

  const [before, after] = await Promise.all([
    db.scan.findFirst({ where: { projectId, committedAt: { lt: first.scan.committedAt } }, orderBy: { committedAt: "desc" }, select: SCAN_COMMIT }),
    db.scan.findFirst({ where: { projectId, committedAt: { gt: last.scan.committedAt } }, orderBy: { committedAt: "asc" }, select: SCAN_COMMIT }),
  ]);
  const [arrival, departure] = await Promise.all([
    before ? compareScans(db, before, first.scan) : null,
    after ? compareScans(db, last.scan, after) : null,
  ]);
  const cameFrom = arrival?.moved.find((move) => move.to.key === key);
  const wentTo = departure?.moved.find((move) => move.from.key === key);

  const latestScanMembers = await db.observation.findMany({
    where: { scanId: last.scan.id },
    select: { name: true, delegatesTo: true, engine: { select: { key: true } } },
  });
  const current = last.delegatesTo;
  const checks = await db.checkResult.findMany({ where: { scanId: last.scan.id }, select: { checkId: true, passed: true, members: true } });

  return {
    key,
    name: engine.name,
    firstSeen: commitOf(first.scan),
    lastSeen: commitOf(last.scan),
    removedIn: after ? commitOf(after) : null,
    periods,
    signatureChanges,
    movedFrom: cameFrom && before ? { key: cameFrom.from.key, commit: commitOf(first.scan) } : null,
    movedTo: wentTo && after ? { key: wentTo.to.key, commit: commitOf(after) } : null,
    delegatesTo: current
      ? latestScanMembers.filter((member) => member.name === current).map((member) => ({ key: member.engine.key, name: member.name }))
      : [],
    delegatedBy: latestScanMembers
      .filter((member) => member.delegatesTo === engine.name && member.engine.key !== key)
      .map((member) => ({ key: member.engine.key, name: member.name })),
    checks: checks
      .filter((check) => Array.isArray(check.members) && check.members.includes(key))
      .map((check) => {
        const id = CheckIdSchema.parse(check.checkId);
        return { id, title: CHECK_TITLES[id], passed: check.passed };
      }),
  };
}

export async function getEngineName(db: Db, projectId: number, key: string): Promise<string | null> {
  const engine = await db.engine.findUnique({ where: { projectId_key: { projectId, key } }, select: { name: true } });
  return engine?.name ?? null;
}
