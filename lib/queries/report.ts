import { DAY_MS } from "@/lib/analytics/plan";
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
  const [view, checks, diff, annotations] = await Promise.all([
    getProjectView(db, project, { range: "all", granularity: "week", stack: "classification", format: "json" }, { until: at.committedAt }),
    getCheckStatuses(db, project.id, at.id),
    compareScans(db, since, at),
    // After the `since` scan (its own events belong to the week before), up to the `at` scan.
    getAnnotations(db, project, { since: new Date(since.committedAt.getTime() + 1), until: at.committedAt }),
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
  };
}
