import { PlanSchema, type Plan } from "@/lib/contract/inventory";
import { assessProject } from "@/lib/analytics/assess";
import { forecastEta } from "@/lib/analytics/forecast";
import { DAY_MS, dueTime } from "@/lib/analytics/plan";
import { downsample, rangeStart, type TimelineParams } from "@/lib/analytics/range";
import type { Db } from "@/lib/db/client";
import { classRecord, countUnitOf, phaseCounts } from "./mappers";
import type { ProjectCard, ProjectView, SeriesPoint, TimelinePoint } from "./types";

export const SPARKLINE_POINTS = 40;

/** The columns of a scan that every series reads: plain columns, no JSON. */
export const SERIES_COLUMNS = {
  commitSha: true,
  committedAt: true,
  countedCount: true,
  memberCount: true,
  nameCount: true,
  countUnit: true,
  stepTarget: true,
  target: true,
  filesScanned: true,
  legacyUsages: true,
} as const;

export type SeriesRow = {
  commitSha: string;
  committedAt: Date;
  countedCount: number;
  memberCount: number;
  nameCount: number;
  countUnit: string;
  stepTarget: number;
  target: number;
  filesScanned: number;
  legacyUsages: number | null;
};

export function toSeriesPoint(row: SeriesRow): SeriesPoint {
  return {
    sha: row.commitSha,
    date: row.committedAt.toISOString(),
    counted: row.countedCount,
    members: row.memberCount,
    names: row.nameCount,
    definitions: row.memberCount,
    countUnit: countUnitOf(row.countUnit),
    target: row.stepTarget,
    finalTarget: row.target,
    filesScanned: row.filesScanned,
    legacyUsages: row.legacyUsages,
  };
}

/**
 * When the usages still on non-primary members reach 0: the count's forecast method over the scans
 * that measured usages (scans from older scanners are left out, never read as 0).
 */
export function usagesForecast(points: readonly SeriesPoint[], now: number) {
  const measured = points.flatMap((point) =>
    point.legacyUsages === null || point.legacyUsages === undefined ? [] : [{ time: Date.parse(point.date), value: point.legacyUsages }],
  );
  return forecastEta(measured, 0, { now });
}

function seriesWhere(projectId: number, until?: Date) {
  return { projectId, ...(until ? { committedAt: { lte: until } } : {}) };
}

/** The plan of the newest scan (up to `until`): one JSON read however long the history. */
async function getLatestPlan(db: Db, projectId: number, until?: Date): Promise<Plan | null> {
  const latest = await db.scan.findFirst({
    where: seriesWhere(projectId, until),
    orderBy: { committedAt: "desc" },
    select: { plan: true },
  });
  return latest ? PlanSchema.parse(latest.plan) : null;
}

/**
 * Per-scan aggregates only: no observation is read, so the cost grows with scans, not members.
 * The step target is stored per scan at ingest, so no plan is read per scan; the per-phase
 * counts are read only when the view stacks by phase.
 */
async function getScanSeries(
  db: Db,
  projectId: number,
  options: { until?: Date | undefined; phases?: boolean } = {},
): Promise<{ points: TimelinePoint[]; plan: Plan | null }> {
  const [rows, plan] = await Promise.all([
    db.scan.findMany({
      where: seriesWhere(projectId, options.until),
      orderBy: { committedAt: "asc" },
      select: {
        ...SERIES_COLUMNS,
        primaryCount: true,
        coreCount: true,
        adapterCount: true,
        factoryCount: true,
        legacyCount: true,
        interfaceCount: true,
        supportCount: true,
        countedByClass: true,
        byPhase: options.phases === true,
        countedByPhase: options.phases === true,
        complete: true,
        checksFailed: true,
      },
    }),
    getLatestPlan(db, projectId, options.until),
  ]);
  const points = rows.map((row) => ({
    ...toSeriesPoint(row),
    byClassification: {
      primary: row.primaryCount,
      core: row.coreCount,
      adapter: row.adapterCount,
      factory: row.factoryCount,
      legacy: row.legacyCount,
      interface: row.interfaceCount,
      support: row.supportCount,
    },
    countedByClassification: classRecord(row.countedByClass),
    byPhase: phaseCounts(row.byPhase),
    countedByPhase: phaseCounts(row.countedByPhase),
    complete: row.complete,
    checksFailed: row.checksFailed,
  }));
  return { points, plan };
}

/** How far back the projects list, badges and previews look: the trend and the forecast window. */
export const RECENT_DAYS = 84;

/**
 * What the projects list, badges and previews need: the counts of the last RECENT_DAYS (sparkline,
 * week-ago, forecast) plus the count at each past phase due date (met or missed), so their cost
 * does not grow with the length of the history.
 */
async function getCountSeries(db: Db, projectId: number, until?: Date): Promise<{ points: SeriesPoint[]; plan: Plan | null }> {
  const where = seriesWhere(projectId, until);
  const [newest, plan] = await Promise.all([
    db.scan.findFirst({ where, orderBy: { committedAt: "desc" }, select: { committedAt: true } }),
    getLatestPlan(db, projectId, until),
  ]);
  if (!newest) return { points: [], plan };
  const since = new Date(newest.committedAt.getTime() - RECENT_DAYS * DAY_MS);
  const dues = (plan?.phases ?? []).map((phase) => new Date(dueTime(phase.due))).filter((due) => due < since);
  const [recent, ...atDues] = await Promise.all([
    db.scan.findMany({
      where: { ...where, committedAt: { ...where.committedAt, gte: since } },
      orderBy: { committedAt: "asc" },
      select: SERIES_COLUMNS,
    }),
    ...dues.map((due) =>
      db.scan.findFirst({ where: { projectId, committedAt: { lte: due } }, orderBy: { committedAt: "desc" }, select: SERIES_COLUMNS }),
    ),
  ]);
  const rows = new Map<string, SeriesRow>();
  for (const row of [...atDues, ...recent]) if (row) rows.set(row.commitSha, row);
  const points = [...rows.values()].sort((a, b) => a.committedAt.getTime() - b.committedAt.getTime()).map(toSeriesPoint);
  return { points, plan };
}

export function weekBefore<P extends SeriesPoint>(points: P[]): P | null {
  const latest = points.at(-1);
  if (!latest) return null;
  const cutoff = Date.parse(latest.date) - 7 * DAY_MS;
  return [...points].reverse().find((point) => Date.parse(point.date) <= cutoff) ?? points[0] ?? null;
}

/** Status, forecast, verdicts, staleness and the empty message: one judgement for every surface. */
function assess<P extends SeriesPoint>(points: P[], plan: Plan | null, now: number) {
  return { ...assessProject(plan, points, now), latest: points.at(-1) ?? null };
}

export interface ViewOptions {
  now?: number;
  /** Pins the view to the state at this moment: later scans are ignored and "now" is this moment. */
  until?: Date;
}

export async function getProjectView(
  db: Db,
  project: { id: number; slug: string; name: string; repoUrl: string | null },
  params: TimelineParams,
  options: ViewOptions = {},
): Promise<ProjectView> {
  const now = options.until?.getTime() ?? options.now ?? Date.now();
  const { points, plan } = await getScanSeries(db, project.id, { until: options.until, phases: params.stack === "phase" });
  const { forecast, verdicts, status, stale, statusDetail, latest } = assess(points, plan, now);
  const start = rangeStart(params.range, now)?.getTime() ?? -Infinity;
  const inRange = points.filter((point) => Date.parse(point.date) >= start);
  const sampled = downsample(
    inRange.map((point) => ({ ...point, time: Date.parse(point.date) })),
    params.granularity,
  ).map(({ time: _time, ...point }) => point);
  return {
    project: { slug: project.slug, name: project.name, repoUrl: project.repoUrl },
    params,
    scansInRange: inRange.length,
    totalScans: points.length,
    points: sampled,
    plan,
    forecast,
    verdicts,
    status,
    stale,
    statusDetail,
    latest,
    weekAgo: weekBefore(points),
    usagesForecast: usagesForecast(points, now),
    generatedAt: new Date(now).toISOString(),
  };
}

export async function getProjectCards(db: Db, now: number = Date.now()): Promise<ProjectCard[]> {
  const projects = await db.project.findMany({ orderBy: { slug: "asc" }, select: { id: true, slug: true, name: true } });
  return Promise.all(
    projects.map(async (project) => {
      const { points, plan } = await getCountSeries(db, project.id);
      const { forecast, verdicts, status, stale, statusDetail, latest } = assess(points, plan, now);
      const sparkline = downsample(
        points.map((point) => ({ time: Date.parse(point.date), date: point.date, counted: point.counted })),
        "scan",
        SPARKLINE_POINTS,
      ).map(({ date, counted }) => ({ date, counted }));
      return {
        slug: project.slug,
        name: project.name,
        status,
        stale,
        statusDetail,
        latest,
        weekAgo: weekBefore(points),
        sparkline,
        eta: forecast.eta,
        nextPhase: verdicts.find((verdict) => dueTime(verdict.due) > now) ?? null,
      };
    }),
  );
}

export interface ProjectHeadline {
  latest: SeriesPoint | null;
  status: ProjectView["status"];
  stale: ProjectView["stale"];
  statusDetail: ProjectView["statusDetail"];
  forecast: ProjectView["forecast"];
  plan: Plan | null;
  sparkline: number[];
}

/** What a badge or a preview image needs: the latest numbers, the status and a short trend. */
export async function getProjectHeadline(db: Db, projectId: number, options: ViewOptions = {}): Promise<ProjectHeadline> {
  const now = options.until?.getTime() ?? options.now ?? Date.now();
  const { points, plan } = await getCountSeries(db, projectId, options.until);
  const { forecast, status, stale, statusDetail, latest } = assess(points, plan, now);
  const sparkline = downsample(
    points.map((point) => ({ time: Date.parse(point.date), counted: point.counted })),
    "scan",
    SPARKLINE_POINTS,
  ).map((point) => point.counted);
  return { latest, status, stale, statusDetail, forecast, plan, sparkline };
}
