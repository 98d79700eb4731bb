import { CHECK_TITLES, CheckIdSchema, ClassificationSchema, isRemovable } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import type { Observation } from "@/lib/db/generated/sqlite/client";
import { compareScans } from "./compare";
import { toMember } from "./mappers";
import type { CommitRef, EngineHistory, EnginePeriod } from "./types";

export type { EngineHistory, EnginePeriod };

/** What must stay the same for two consecutive sightings to be one period of the timeline. */
const PERIOD_FACTS = {
  classification: true,
  phase: true,
  file: true,
  line: true,
  loc: true,
  kind: true,
  bodyHash: true,
  reason: true,
  ctorSignature: true,
} as const;

type PeriodFacts = { [K in keyof typeof PERIOD_FACTS]: Observation[K] };

function samePeriod(a: PeriodFacts, b: PeriodFacts): boolean {
  return (Object.keys(PERIOD_FACTS) as Array<keyof PeriodFacts>).every((fact) => a[fact] === b[fact]);
}

function commitOf(scan: { commitSha: string; committedAt: Date; branch: string | null; commitMessage: string | null }): CommitRef {
  return { sha: scan.commitSha, date: scan.committedAt.toISOString(), branch: scan.branch, message: scan.commitMessage };
}

const SCAN_COMMIT = { id: true, commitSha: true, committedAt: true, branch: true, commitMessage: true } as const;

export async function getEngineHistory(db: Db, projectId: number, key: string): Promise<EngineHistory | null> {
  const engine = await db.engine.findUnique({ where: { projectId_key: { projectId, key } } });
  if (!engine) return null;
  // The comparable facts of every sighting first; full members only where a period starts.
  const rows = await db.observation.findMany({
    where: { engineId: engine.id },
    select: {
      ...PERIOD_FACTS,
      id: true,
      delegatesTo: true,
      counted: true,
      usedByFiles: true,
      usedBySites: true,
      scan: { select: SCAN_COMMIT },
    },
    orderBy: { scan: { committedAt: "asc" } },
  });
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return null;
  const starts: Array<{ id: number; from: CommitRef; to: CommitRef; scans: number }> = [];
  const signatureChanges: EngineHistory["signatureChanges"] = [];
  rows.forEach((row, index) => {
    const previous = rows[index - 1];
    const current = starts.at(-1);
    if (previous && current && samePeriod(previous, row)) {
      current.to = commitOf(row.scan);
      current.scans += 1;
    } else {
      starts.push({ id: row.id, from: commitOf(row.scan), to: commitOf(row.scan), scans: 1 });
    }
    if (previous && previous.ctorSignature !== row.ctorSignature) {
      signatureChanges.push({ commit: commitOf(row.scan), from: previous.ctorSignature, to: row.ctorSignature });
    }
  });
  const full = await db.observation.findMany({
    where: { id: { in: starts.map((start) => start.id) } },
    include: { engine: { select: { key: true } } },
  });
  const members = new Map(full.map((row) => [row.id, toMember(row)]));
  const periods: EnginePeriod[] = starts.flatMap(({ id, ...period }) => {
    const member = members.get(id);
    return member ? [{ ...period, member }] : [];
  });

  const [before, after] = await Promise.all([
    db.scan.findFirst({
      where: { projectId, committedAt: { lt: first.scan.committedAt } },
      orderBy: { committedAt: "desc" },
      select: SCAN_COMMIT,
    }),
    db.scan.findFirst({
      where: { projectId, committedAt: { gt: last.scan.committedAt } },
      orderBy: { committedAt: "asc" },
      select: SCAN_COMMIT,
    }),
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
    usages: rows.map((row) => ({
      sha: row.scan.commitSha,
      date: row.scan.committedAt.toISOString(),
      files: row.usedByFiles,
      sites: row.usedBySites,
    })),
    removable: removableNow(last),
  };
}

/** Removable as of the member's latest sighting; null when that scan did not measure usages. */
function removableNow(row: Pick<Observation, "counted" | "usedByFiles" | "usedBySites"> & { classification: string }): boolean | null {
  if (row.usedByFiles === null || row.usedBySites === null) return null;
  const classification = ClassificationSchema.parse(row.classification);
  return isRemovable({ counted: row.counted, classification, usedBy: { files: row.usedByFiles, sites: row.usedBySites } });
}

export async function getEngineName(db: Db, projectId: number, key: string): Promise<string | null> {
  const engine = await db.engine.findUnique({ where: { projectId_key: { projectId, key } }, select: { name: true } });
  return engine?.name ?? null;
}
