import { DAY_MS } from "@/lib/analytics/plan";
import { ClassificationSchema } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { reportHref } from "@/lib/links";
import { getAnnotations } from "./annotations";
import { getCheckStatuses } from "./checks";
import { compareScans, resolveScanRef } from "./compare";
import { toScanSummary } from "./mappers";
import { getProjectView } from "./timeline";
import type { WeeklyReport } from "./types";

export type { WeeklyReport };

/**
 * `at` and `since` are SHAs or dates (see resolveScanRef); `at` defaults to the latest scan and
 * `since` to the newest scan at least 7 days before `at`, or the first scan.
 */
export async function getWeeklyReport(
  db: Db,
  project: { id: number; slug: string; name: string; repoUrl: string | null },
  refs: { at?: string | undefined; since?: string | undefined },
): Promise<WeeklyReport | null> {
  const at = refs.at
    ? await resolveScanRef(db, project.id, refs.at)
    : await db.scan.findFirst({ where: { projectId: project.id }, orderBy: { committedAt: "desc" } });
  if (!at) return null;
  const since = refs.since
    ? await resolveScanRef(db, project.id, refs.since)
    : ((await db.scan.findFirst({
        where: { projectId: project.id, committedAt: { lte: new Date(at.committedAt.getTime() - 7 * DAY_MS) } },
        orderBy: { committedAt: "desc" },
      })) ?? (await db.scan.findFirst({ where: { projectId: project.id }, orderBy: { committedAt: "asc" } })));
  if (!since) return null;
  const [view, checks, diff, annotations, removable] = await Promise.all([
    getProjectView(db, project, { range: "all", granularity: "week", stack: "classification", format: "json" }, { until: at.committedAt }),
    getCheckStatuses(db, project.id, at.id),
    compareScans(db, since, at),
    // After the `since` scan (its own events belong to the week before), up to the `at` scan.
    getAnnotations(db, project, { since: new Date(since.committedAt.getTime() + 1), until: at.committedAt }),
    getRemovableMembers(db, at.id),
  ]);
  return {
    project: { slug: project.slug, name: project.name, repoUrl: project.repoUrl },
    at: toScanSummary(at),
    since: toScanSummary(since),
    view,
    checks,
    diff,
    permalink: reportHref(project.slug, { at: at.commitSha, since: since.commitSha }),
    annotations,
    usages: { now: at.legacyUsages, since: since.legacyUsages, removable },
  };
}

/** The scan's counted non-primary members used nowhere outside their own file (isRemovable), by file and line. */
export async function getRemovableMembers(db: Db, scanId: number) {
  const rows = await db.observation.findMany({
    where: { scanId, counted: true, classification: { not: "primary" }, usedByFiles: 0 },
    select: { name: true, file: true, line: true, classification: true, engine: { select: { key: true } } },
    orderBy: [{ file: "asc" }, { line: "asc" }],
  });
  return rows.map((row) => ({
    key: row.engine.key,
    name: row.name,
    file: row.file,
    line: row.line,
    classification: ClassificationSchema.parse(row.classification),
  }));
}
