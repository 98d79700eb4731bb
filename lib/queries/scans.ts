import { computeTotals, isComplete, type CommittedInventory } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { toCheckResult, toFileIssues, toMember, toPlan, toScanSummary } from "./mappers";
import type { ScanDetail, ScanSummary } from "./types";

export interface CreatedScan {
  created: boolean;
  scan: ScanSummary;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Writes a scan with its observations, engines and checks in one transaction.
 * Idempotent per project + commit: an existing scan is returned with created=false,
 * including when a concurrent writer wins the race for the unique (projectId, commitSha).
 */
export async function createScan(db: Db, projectId: number, inventory: CommittedInventory): Promise<CreatedScan> {
  const sha = inventory.commit.sha;
  const existing = await db.scan.findUnique({ where: { projectId_commitSha: { projectId, commitSha: sha } } });
  if (existing) return { created: false, scan: toScanSummary(existing) };
  try {
    const scan = await db.$transaction(async (tx) => insertScan(tx, projectId, inventory), {
      maxWait: 20_000,
      timeout: 60_000,
    });
    return { created: true, scan: toScanSummary(scan) };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.scan.findUnique({ where: { projectId_commitSha: { projectId, commitSha: sha } } });
    if (!winner) throw error;
    return { created: false, scan: toScanSummary(winner) };
  }
}

async function insertScan(tx: Prisma.TransactionClient, projectId: number, inventory: CommittedInventory) {
  const totals = computeTotals(inventory.members);
  const committedAt = new Date(inventory.commit.date);
  const passed = inventory.checks.filter((check) => check.passed).length;
  const scan = await tx.scan.create({
    data: {
      projectId,
      commitSha: inventory.commit.sha,
      committedAt,
      branch: inventory.commit.branch,
      commitMessage: inventory.commit.message ?? null,
      scannerName: inventory.scanner.name,
      scannerVersion: inventory.scanner.version,
      plan: inventory.plan,
      target: inventory.plan.target,
      memberCount: totals.members,
      countedCount: totals.counted,
      primaryCount: totals.byClassification.primary,
      coreCount: totals.byClassification.core,
      adapterCount: totals.byClassification.adapter,
      factoryCount: totals.byClassification.factory,
      legacyCount: totals.byClassification.legacy,
      interfaceCount: totals.byClassification.interface,
      supportCount: totals.byClassification.support,
      byPhase: totals.byPhase,
      checksPassed: passed,
      checksFailed: inventory.checks.length - passed,
      filesScanned: inventory.files.scanned,
      filesSkipped: inventory.files.skipped.length,
      filesFailed: inventory.files.failed.length,
      complete: isComplete(inventory),
      fileIssues: { skipped: inventory.files.skipped, failed: inventory.files.failed },
    },
  });

  if (inventory.checks.length > 0) {
    await tx.checkResult.createMany({
      data: inventory.checks.map((check) => ({
        scanId: scan.id,
        checkId: check.id,
        passed: check.passed,
        value: check.value,
        threshold: check.threshold,
        summary: check.summary,
        members: check.members,
        ...(check.groups ? { groups: check.groups } : {}),
      })),
    });
  }

  if (inventory.members.length === 0) return scan;
  const engineIds = await upsertEngines(tx, projectId, inventory, committedAt);
  await tx.observation.createMany({
    data: inventory.members.map((member) => ({
      scanId: scan.id,
      engineId: engineIds.get(member.key) as number,
      name: member.name,
      qualifiedName: member.qualifiedName,
      kind: member.kind,
      language: member.language,
      file: member.file,
      line: member.line,
      endLine: member.endLine,
      loc: member.loc,
      classification: member.classification,
      reason: member.reason,
      phase: member.phase,
      counted: member.counted,
      bases: member.bases,
      decorators: member.decorators,
      ...(member.constructor ? { ctorParams: member.constructor.params } : {}),
      ctorSignature: member.constructor?.signature ?? null,
      methods: member.methods,
      abstract: member.abstract,
      abstractReason: member.abstractReason,
      deprecated: member.deprecated,
      aliasOf: member.aliasOf,
      delegatesTo: member.delegatesTo,
      emits: member.emits,
      bodyHash: member.bodyHash,
    })),
  });
  return scan;
}

/** A fixed number of statements however many members: no query per row. */
async function upsertEngines(
  tx: Prisma.TransactionClient,
  projectId: number,
  inventory: CommittedInventory,
  seenAt: Date,
): Promise<Map<string, number>> {
  const keys = inventory.members.map((member) => member.key);
  const known = await tx.engine.findMany({ where: { projectId, key: { in: keys } }, select: { key: true } });
  const knownKeys = new Set(known.map((engine) => engine.key));
  const fresh = inventory.members.filter((member) => !knownKeys.has(member.key));
  if (fresh.length > 0) {
    await tx.engine.createMany({
      data: fresh.map((member) => ({ projectId, key: member.key, name: member.name, firstSeenAt: seenAt, lastSeenAt: seenAt })),
    });
  }
  if (knownKeys.size > 0) {
    const inKnown = { projectId, key: { in: [...knownKeys] } };
    await tx.engine.updateMany({ where: { ...inKnown, firstSeenAt: { gt: seenAt } }, data: { firstSeenAt: seenAt } });
    await tx.engine.updateMany({ where: { ...inKnown, lastSeenAt: { lt: seenAt } }, data: { lastSeenAt: seenAt } });
  }
  const engines = await tx.engine.findMany({ where: { projectId, key: { in: keys } }, select: { id: true, key: true } });
  return new Map(engines.map((engine) => [engine.key, engine.id]));
}

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
