import { PlanSchema, type Plan } from "@/lib/contract/inventory";
import { forecastEta } from "@/lib/analytics/forecast";
import { DAY_MS, dueTime, targetAt } from "@/lib/analytics/plan";
import { downsample, rangeStart, type TimelineParams } from "@/lib/analytics/range";
import { phaseVerdicts, projectStatus } from "@/lib/analytics/status";
import type { Db } from "@/lib/db/client";
import { phaseCounts } from "./mappers";
import type { ProjectCard, ProjectView, TimelinePoint } from "./types";

const SPARKLINE_POINTS = 40;

/** Per-scan aggregates only: no observation is read, so the cost grows with scans, not members. */
async function getScanSeries(db: Db, projectId: number, until?: Date): Promise<{ points: TimelinePoint[]; plan: Plan | null }> {
  const rows = await db.scan.findMany({
    where: { projectId, ...(until ? { committedAt: { lte: until } } : {}) },
    orderBy: { committedAt: "asc" },
    select: {
      commitSha: true,
      committedAt: true,
      countedCount: true,
      memberCount: true,
      target: true,
      plan: true,
      primaryCount: true,
      coreCount: true,
      adapterCount: true,
      factoryCount: true,
      legacyCount: true,
      interfaceCount: true,
      supportCount: true,
      byPhase: true,
      complete: true,
      checksFailed: true,
    },
  });
  // Plans rarely change between scans: parse each distinct plan once.
  const plans = new Map<string, Plan>();
  let plan: Plan | null = null;
  const points = rows.map((row) => {
    const raw = JSON.stringify(row.plan);
    plan = plans.get(raw) ?? PlanSchema.parse(row.plan);
    plans.set(raw, plan);
    const time = row.committedAt.getTime();
    return {
      sha: row.commitSha,
      date: row.committedAt.toISOString(),
      counted: row.countedCount,
      members: row.memberCount,
      target: targetAt(plan, time),
      finalTarget: row.target,
      byClassification: {
        primary: row.primaryCount,
        core: row.coreCount,
        adapter: row.adapterCount,
        factory: row.factoryCount,
        legacy: row.legacyCount,
        interface: row.interfaceCount,
        support: row.supportCount,
      },
      byPhase: phaseCounts(row.byPhase),
      complete: row.complete,
      checksFailed: row.checksFailed,
    };
  });
  return { points, plan };
}

function weekBefore(points: TimelinePoint[]): TimelinePoint | null {
  const latest = points.at(-1);
  if (!latest) return null;
  const cutoff = Date.parse(latest.date) - 7 * DAY_MS;
  return [...points].reverse().find((point) => Date.parse(point.date) <= cutoff) ?? points[0] ?? null;
}

function assess(points: TimelinePoint[], plan: Plan | null, now: number) {
  const series = points.map((point) => ({ time: Date.parse(point.date), value: point.counted, counted: point.counted }));
  const latest = points.at(-1) ?? null;
  const forecast = forecastEta(series, plan?.target ?? 0);
  const verdicts = plan ? phaseVerdicts(plan, series, forecast, now) : [];
  const status = plan ? projectStatus(plan, latest?.counted ?? null, verdicts, forecast, now) : "no-data";
  return { forecast, verdicts, status, latest };
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
  const { points, plan } = await getScanSeries(db, project.id, options.until);
  const { forecast, verdicts, status, latest } = assess(points, plan, now);
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
    latest,
    weekAgo: weekBefore(points),
    generatedAt: new Date(now).toISOString(),
  };
}

export async function getProjectCards(db: Db, now: number = Date.now()): Promise<ProjectCard[]> {
  const projects = await db.project.findMany({ orderBy: { slug: "asc" }, select: { id: true, slug: true, name: true } });
  return Promise.all(
    projects.map(async (project) => {
      const { points, plan } = await getScanSeries(db, project.id);
      const { forecast, verdicts, status, latest } = assess(points, plan, now);
      const sparkline = downsample(
        points.map((point) => ({ time: Date.parse(point.date), date: point.date, counted: point.counted })),
        "scan",
        SPARKLINE_POINTS,
      ).map(({ date, counted }) => ({ date, counted }));
      return {
        slug: project.slug,
        name: project.name,
        status,
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
  latest: TimelinePoint | null;
  status: ProjectView["status"];
  forecast: ProjectView["forecast"];
  plan: Plan | null;
  sparkline: number[];
}

/** What a badge or a preview image needs: the latest numbers, the status and a short trend. */
export async function getProjectHeadline(db: Db, projectId: number, options: ViewOptions = {}): Promise<ProjectHeadline> {
  const now = options.until?.getTime() ?? options.now ?? Date.now();
  const { points, plan } = await getScanSeries(db, projectId, options.until);
  const { forecast, status, latest } = assess(points, plan, now);
  const sparkline = downsample(points.map((point) => ({ time: Date.parse(point.date), counted: point.counted })), "scan", SPARKLINE_POINTS).map(
    (point) => point.counted,
  );
  return { latest, status, forecast, plan, sparkline };
}
