import type { Db } from "@/lib/db/client";
import { toCheckResult, toFileIssues, toHits, toMember, toPlan, toReconciliation, toScanSummary } from "./mappers";
import type { ScanDetail, ScanSummary } from "./types";

export async function getScanSummary(db: Db, projectId: number, sha: string): Promise<ScanSummary | null> {
  const scan = await findScanByCommit(db, projectId, sha);
  return scan ? toScanSummary(scan) : null;
}

/** Full SHA or a unique prefix of at least 7 characters. */
export async function findScanByCommit(db: Db, projectId: number, sha: string) {
  const exact = await db.scan.findUnique({ where: { projectId_commitSha: { projectId, commitSha: sha } } });
  if (exact || sha.length >= 40) return exact;
  const matches = await db.scan.findMany({ where: { projectId, commitSha: { startsWith: sha } }, take: 2 });
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

export async function getScanDetail(db: Db, projectId: number, sha: string): Promise<ScanDetail | null> {
  const scan = await findScanByCommit(db, projectId, sha);
  if (!scan) return null;
  const [observations, checks] = await Promise.all([
    db.observation.findMany({
      where: { scanId: scan.id },
      include: { engine: { select: { key: true } } },
      orderBy: [{ file: "asc" }, { line: "asc" }],
    }),
    db.checkResult.findMany({ where: { scanId: scan.id }, orderBy: { id: "asc" } }),
  ]);
  return {
    ...toScanSummary(scan),
    plan: toPlan(scan.plan),
    members: observations.map(toMember),
    checkResults: checks.map(toCheckResult),
    fileIssues: toFileIssues(scan.fileIssues),
    reconciliation: toReconciliation(scan.reconciliation),
    hits: toHits(scan.reconciliationHits),
  };
}

export interface ScanListOptions {
  limit: number;
  before?: Date | undefined;
  branch?: string | undefined;
}

export async function getProjectScans(db: Db, projectId: number, options: ScanListOptions): Promise<ScanSummary[]> {
  const scans = await db.scan.findMany({
    where: {
      projectId,
      ...(options.before ? { committedAt: { lt: options.before } } : {}),
      ...(options.branch ? { branch: options.branch } : {}),
    },
    orderBy: { committedAt: "desc" },
    take: options.limit,
  });
  return scans.map(toScanSummary);
}

/** Commit SHAs the project already has: lets a client skip what is stored (resumable backfills). */
export async function getProjectCommitShas(db: Db, projectId: number): Promise<string[]> {
  const scans = await db.scan.findMany({ where: { projectId }, select: { commitSha: true }, orderBy: { committedAt: "asc" } });
  return scans.map((scan) => scan.commitSha);
}

/** The scans just before and after a moment, for previous/next navigation. */
export async function getAdjacentScans(db: Db, projectId: number, date: Date): Promise<{ previous: string | null; next: string | null }> {
  const [previous, next] = await Promise.all([
    db.scan.findFirst({ where: { projectId, committedAt: { lt: date } }, orderBy: { committedAt: "desc" }, select: { commitSha: true } }),
    db.scan.findFirst({ where: { projectId, committedAt: { gt: date } }, orderBy: { committedAt: "asc" }, select: { commitSha: true } }),
  ]);
  return { previous: previous?.commitSha ?? null, next: next?.commitSha ?? null };
}
