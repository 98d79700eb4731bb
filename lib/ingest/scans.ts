import type { CommittedInventory } from "@/lib/contract/inventory";
import type { Db, Tx } from "@/lib/db/client";
import { Prisma, type Scan } from "@/lib/db/generated/sqlite/client";
import { toScanSummary } from "@/lib/queries/mappers";
import type { ScanSummary } from "@/lib/queries/types";
import { backoff, isTransient, isUniqueViolation, WRITE_ATTEMPTS } from "./retry";
import { insertScan } from "./rows";

export type IngestProject = { id: number; slug: string };

export interface StoredScan {
  /** A new scan was written (also when it replaced a stored one). */
  created: boolean;
  /** A stored scan of the same commit was replaced (`replace: true` only). */
  replaced: boolean;
  scan: ScanSummary;
}

export interface IngestOptions {
  /** Replace the stored scan of this commit instead of keeping it (correcting history). */
  replace?: boolean;
}

const TRANSACTION = { maxWait: 20_000, timeout: 60_000 } as const;

/** Both stores accept this many bound values in one IN list (SQLite's limit is 32,766). */
const IDS_PER_STATEMENT = 10_000;

export function chunks<T>(items: readonly T[], size: number = IDS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let offset = 0; offset < items.length; offset += size) out.push(items.slice(offset, offset + size));
  return out;
}

async function storedScanId(db: Db | Tx, projectId: number, sha: string): Promise<number | null> {
  const rows = await db.$queryRaw<Array<{ id: number | bigint }>>`
    SELECT "id" FROM "Scan" WHERE "projectId" = ${projectId} AND "commitSha" = ${sha}`;
  return rows[0] ? Number(rows[0].id) : null;
}

async function existingScan(db: Db, projectId: number, sha: string): Promise<StoredScan | null> {
  const scan = await db.scan.findUnique({ where: { projectId_commitSha: { projectId, commitSha: sha } } });
  return scan ? { created: false, replaced: false, scan: toScanSummary(scan) } : null;
}

/**
 * Runs `write` in one transaction, again (at most WRITE_ATTEMPTS times) after a PostgreSQL deadlock or
 * serialization failure, a SQLite lock still held after the busy timeout, or, when `retryUnique` says so,
 * a unique violation (a concurrent writer of the same commit won).
 */
export async function inTransaction<T>(
  db: Db,
  write: (tx: Tx) => Promise<T>,
  retryUnique: (error: unknown) => Promise<T | null>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction(write, TRANSACTION);
    } catch (error) {
      if (isUniqueViolation(error)) {
        const settled = await retryUnique(error);
        if (settled !== null) return settled;
      }
      if (attempt >= WRITE_ATTEMPTS || !(isTransient(error) || isUniqueViolation(error))) throw error;
      await backoff(attempt);
    }
  }
}

/**
 * Deletes scans with their observations and checks (explicitly: SQLite may run without foreign-key
 * cascades) and returns the engines those observations belonged to, for settleEngines.
 */
export async function removeScans(tx: Tx, scanIds: readonly number[]): Promise<number[]> {
  const engines = new Set<number>();
  for (const ids of chunks(scanIds)) {
    const list = Prisma.join(ids);
    const rows = await tx.$queryRaw<Array<{ engineId: number | bigint }>>`
      SELECT DISTINCT "engineId" FROM "Observation" WHERE "scanId" IN (${list})`;
    for (const row of rows) engines.add(Number(row.engineId));
    await tx.$executeRaw`DELETE FROM "Observation" WHERE "scanId" IN (${list})`;
    await tx.$executeRaw`DELETE FROM "CheckResult" WHERE "scanId" IN (${list})`;
    await tx.$executeRaw`DELETE FROM "Scan" WHERE "id" IN (${list})`;
  }
  return [...engines].sort((a, b) => a - b);
}

/** After scans went away: first/last seen from the observations left, and engines with none left removed. */
export async function settleEngines(tx: Tx, engineIds: readonly number[]): Promise<void> {
  for (const ids of chunks(engineIds)) {
    const list = Prisma.join(ids);
    await tx.$executeRaw`
      UPDATE "Engine" SET
        "firstSeenAt" = COALESCE((SELECT MIN(s."committedAt") FROM "Observation" o JOIN "Scan" s ON s."id" = o."scanId"
                                  WHERE o."engineId" = "Engine"."id"), "firstSeenAt"),
        "lastSeenAt" = COALESCE((SELECT MAX(s."committedAt") FROM "Observation" o JOIN "Scan" s ON s."id" = o."scanId"
                                 WHERE o."engineId" = "Engine"."id"), "lastSeenAt")
      WHERE "id" IN (${list})`;
    await tx.$executeRaw`
      DELETE FROM "Engine" WHERE "id" IN (${list})
        AND NOT EXISTS (SELECT 1 FROM "Observation" o WHERE o."engineId" = "Engine"."id")`;
  }
}

/** Inside the write lock: a new scan, the replacement of the stored one, or null when it is kept. */
async function writeScan(tx: Tx, projectId: number, inventory: CommittedInventory, replace: boolean): Promise<StoredScan | null> {
  const storedId = await storedScanId(tx, projectId, inventory.commit.sha);
  if (storedId !== null && !replace) return null;
  const touched = storedId === null ? [] : await removeScans(tx, [storedId]);
  const scan: Scan = await insertScan(tx, projectId, inventory);
  await settleEngines(tx, touched);
  return { created: true, replaced: storedId !== null, scan: toScanSummary(scan) };
}

/**
 * The one write path for scans (HTTP API, demo seeding, benches): the scan with its observations,
 * engines and checks in one transaction. Idempotent per project + commit: without `replace`, a
 * stored scan is returned untouched (created=false), also when a concurrent writer wins the race.
 * With `replace`, the stored scan of that commit is deleted and the new one written in the same
 * transaction, and the engines it touched get their first/last seen recomputed.
 */
export async function ingestInventory(
  db: Db,
  project: IngestProject,
  inventory: CommittedInventory,
  options: IngestOptions = {},
): Promise<StoredScan> {
  const sha = inventory.commit.sha;
  const replace = options.replace === true;
  if (!replace && (await storedScanId(db, project.id, sha)) !== null) {
    const existing = await existingScan(db, project.id, sha);
    if (existing) return existing;
  }
  const keepWinner = async () => (replace ? null : existingScan(db, project.id, sha));
  const written = await inTransaction(db, (tx) => writeScan(tx, project.id, inventory, replace), keepWinner);
  if (written) return written;
  const existing = await existingScan(db, project.id, sha);
  if (!existing) throw new Error(`the scan of ${sha} was neither written nor found`);
  return existing;
}

/** Which stored scans to delete: every one, or those committed within an inclusive range. */
export type ScanSelection = { all: true } | { all?: false; since: Date; until: Date };

/**
 * Deletes the selected scans of a project in one transaction, with their observations and checks;
 * engines with no observation left are removed, the others get their first/last seen recomputed.
 */
export async function deleteScans(db: Db, projectId: number, selection: ScanSelection): Promise<{ deleted: number }> {
  const where = selection.all ? { projectId } : { projectId, committedAt: { gte: selection.since, lte: selection.until } };
  return inTransaction(
    db,
    async (tx) => {
      const scans = await tx.scan.findMany({ where, select: { id: true }, orderBy: { id: "asc" } });
      const ids = scans.map((scan) => scan.id);
      await settleEngines(tx, await removeScans(tx, ids));
      return { deleted: ids.length };
    },
    async () => null,
  );
}
