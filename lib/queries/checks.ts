import { CHECK_IDS, CHECK_TITLES, type CheckId } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { toCheckResult } from "./mappers";
import type { CheckStatus } from "./types";

export type { CheckStatus };

/** A scan's checks, each with the scan where its state at that scan began (later scans are ignored). */
export async function getCheckStatuses(db: Db, projectId: number, scanId: number): Promise<CheckStatus[]> {
  const scan = await db.scan.findUnique({ where: { id: scanId }, select: { committedAt: true } });
  const asOf = { lte: scan?.committedAt ?? new Date() };
  const rows = await db.checkResult.findMany({ where: { scanId } });
  const byId = new Map(rows.map((row) => [row.checkId, toCheckResult(row)]));
  const statuses = await Promise.all(
    CHECK_IDS.filter((id) => byId.has(id)).map(async (id: CheckId) => {
      const current = byId.get(id)!;
      const flipped = await db.checkResult.findFirst({
        where: { checkId: id, passed: !current.passed, scan: { projectId, committedAt: asOf } },
        orderBy: { scan: { committedAt: "desc" } },
        select: { scan: { select: { committedAt: true } } },
      });
      const streakStart = await db.checkResult.findFirst({
        where: {
          checkId: id,
          passed: current.passed,
          scan: { projectId, committedAt: { ...asOf, ...(flipped ? { gt: flipped.scan.committedAt } : {}) } },
        },
        orderBy: { scan: { committedAt: "asc" } },
        select: { scan: { select: { committedAt: true, commitSha: true } } },
      });
      return {
        ...current,
        title: CHECK_TITLES[id],
        since: streakStart?.scan.committedAt.toISOString() ?? null,
        sinceSha: streakStart?.scan.commitSha ?? null,
      };
    }),
  );
  return statuses;
}
