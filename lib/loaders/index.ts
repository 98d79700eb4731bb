/**
 * Page loaders: what each page, its layout and its metadata read, through lib/queries, without ever
 * handing the store's client to app/. The project (and what metadata and body both need) is wrapped in
 * React's cache(), which is scoped to one server request: the layout's existence check, generateMetadata
 * and the page share one query instead of repeating it.
 */
import { cache } from "react";
import type { TimelineParams } from "@/lib/analytics/view-params";
import { type SharedReadAccess, sharedReadAccess, sharedReadDenied } from "@/lib/auth/share";
import { getDb } from "@/lib/db/client";
import {
  getAdjacentScans,
  getCheckStatuses,
  getEngineHistory,
  getEngineName,
  getProject,
  getProjectCards,
  getProjectHeadline,
  getProjectScans,
  getProjectView,
  getScanComparison,
  getScanDetail,
  getSinceLastWeek,
  getWeeklyReport,
  resolveScanRef,
  ScanRefSchema,
} from "@/lib/queries";

export type LoadedProject = NonNullable<Awaited<ReturnType<typeof getProject>>>;

/** The project by slug, or null: one query per request however many callers ask. */
export const loadProject = cache((slug: string) => getProject(getDb(), slug));

/** Latest count, status and sparkline (metadata descriptions, badge), once per request. */
export const loadProjectHeadline = cache((projectId: number) => getProjectHeadline(getDb(), projectId));

/** Member name by key, or null (engine page metadata, preview image). */
export const loadEngineName = cache((projectId: number, key: string) => getEngineName(getDb(), projectId, key));

export function loadProjectCards() {
  return getProjectCards(getDb());
}

/** The overview: the timeline view, then the latest scan, its checks and "since last week". */
export async function loadOverview(project: LoadedProject, params: TimelineParams) {
  const db = getDb();
  const view = await getProjectView(db, project, params);
  const latestSha = view.latest?.sha ?? null;
  const [latestScan, sinceLastWeek] = await Promise.all([
    latestSha ? getScanDetail(db, project.id, latestSha) : null,
    getSinceLastWeek(db, project.id),
  ]);
  const checks = latestScan
    ? { scan: latestScan, checks: await getCheckStatuses(db, project.id, latestScan.id) }
    : { scan: null, checks: [] };
  return { view, latestScan, sinceLastWeek, checks };
}

export function loadEngineHistory(project: LoadedProject, key: string) {
  return getEngineHistory(getDb(), project.id, key);
}

/** One scan with its neighbours' SHAs, or null for an unknown commit. */
export async function loadScan(project: LoadedProject, sha: string) {
  const db = getDb();
  const scan = await getScanDetail(db, project.id, sha);
  if (!scan) return null;
  const adjacent = await getAdjacentScans(db, project.id, new Date(scan.commit.date));
  return { scan, adjacent };
}

/** The requested comparison (or "since last week" without both ends) and the scans to pick from. */
export async function loadComparison(project: LoadedProject, range: { from: string; to: string } | null) {
  const db = getDb();
  const [comparison, scans] = await Promise.all([
    range ? getScanComparison(db, project.id, range.from, range.to) : getSinceLastWeek(db, project.id),
    getProjectScans(db, project.id, { limit: 500 }),
  ]);
  return { comparison, scans };
}

/** The weekly report for `at`/`since` (SHAs or dates), shared by the report page and its metadata. */
export const loadWeeklyReport = cache(async (slug: string, at: string | undefined, since: string | undefined) => {
  const project = await loadProject(slug);
  return project ? getWeeklyReport(getDb(), project, { at, since }) : null;
});

/** The badge's numbers: the headline and, for the checks metric, the latest scan's check tally. */
export async function loadBadge(project: LoadedProject, metric: "count" | "checks") {
  const db = getDb();
  const headline = await getProjectHeadline(db, project.id);
  const checks = metric === "checks" ? ((await getProjectScans(db, project.id, { limit: 1 }))[0]?.checks ?? null) : null;
  return { headline, checks };
}

/** The preview image's numbers, pinned to the scan `at` names when it resolves (an unknown ref is ignored). */
export async function loadOgImage(project: LoadedProject, at: string | null) {
  const db = getDb();
  const scan = at && ScanRefSchema.safeParse(at).success ? await resolveScanRef(db, project.id, at) : null;
  const headline = await getProjectHeadline(db, project.id, scan ? { until: scan.committedAt } : {});
  return { scan, headline };
}

/** Badge and preview image on a private instance: null when the request may read them, else the 401. */
export function sharedRouteDenied(request: Request, slug: string): Promise<Response | null> {
  return sharedReadDenied(getDb(), request, slug);
}

/** Badge and preview image: whether the request may read them and what let it in (its caching depends on it). */
export function sharedRouteAccess(request: Request, slug: string): Promise<SharedReadAccess> {
  return sharedReadAccess(getDb(), request, slug);
}
