import { assessProject } from "@/lib/analytics/assess";
import { DAY_MS, dueTime } from "@/lib/analytics/plan";
import { downsample, MAX_CHART_POINTS } from "@/lib/analytics/range";
import { PlanSchema, type Plan } from "@/lib/contract/inventory";
import type {
  CombinedPoint,
  FamilyRow,
  Moved,
  MovedFamily,
  ReportRow,
  RepositoryCard,
  RepositoryOverview,
  RepositoryRef,
  RepositoryReport,
  RepositorySummary,
  StatusTally,
} from "@/lib/contract/repository";
import type { ProjectStatus } from "@/lib/contract/vocabulary";
import type { Db } from "@/lib/db/client";
import { repositoryReportHref } from "@/lib/links";
import { getWeeklyReport } from "./report";
import { RECENT_DAYS, SERIES_COLUMNS, type SeriesRow, SPARKLINE_POINTS, toSeriesPoint, weekBefore } from "./timeline";
import type { SeriesPoint } from "./types";

export type { FamilyRow, RepositoryCard, RepositoryOverview, RepositoryReport, RepositorySummary };

const WEEK_MS = 7 * DAY_MS;

const REPOSITORY_COLUMNS = { id: true, slug: true, name: true, repoUrl: true, createdAt: true } as const;

export type LoadedRepository = { id: number; slug: string; name: string; repoUrl: string | null; createdAt: Date };

export async function getRepository(db: Db, slug: string): Promise<LoadedRepository | null> {
  return db.repository.findUnique({ where: { slug }, select: REPOSITORY_COLUMNS });
}

/** The repository's share key for its badge and preview URLs, or null. */
export async function getRepositoryShareKey(db: Db, slug: string): Promise<string | null> {
  const repository = await db.repository.findUnique({ where: { slug }, select: { shareKey: true } });
  return repository?.shareKey ?? null;
}

/** An http(s) URL as given, or null: a stored `javascript:` (or any other scheme) is never handed to a page. */
export function httpUrlOrNull(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

export interface ProjectFamily {
  repository: { slug: string; name: string };
  family: string | null;
  issueUrl: string | null;
}

/** The repository a project is a family of, and its tracking issue; null for a standalone project. */
export async function getProjectFamily(db: Db, projectSlug: string): Promise<ProjectFamily | null> {
  const project = await db.project.findUnique({
    where: { slug: projectSlug },
    select: { family: true, issueUrl: true, repository: { select: { slug: true, name: true } } },
  });
  if (!project?.repository) return null;
  return { repository: project.repository, family: project.family, issueUrl: httpUrlOrNull(project.issueUrl) };
}

interface FamilyProject {
  id: number;
  slug: string;
  name: string;
  repoUrl: string | null;
  family: string | null;
  issueUrl: string | null;
}

/** The families in a stable order: by family slug (the project slug for a family stored without one). */
async function getFamilyProjects(db: Db, repositoryId: number): Promise<FamilyProject[]> {
  const projects = await db.project.findMany({
    where: { repositoryId },
    select: { id: true, slug: true, name: true, repoUrl: true, family: true, issueUrl: true },
  });
  const key = (project: FamilyProject) => project.family ?? project.slug;
  return projects.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

type FamilyScan = SeriesRow & { projectId: number; checksFailed: number };

/** Every family's per-scan aggregates (plain columns, no JSON, no observation), oldest first, in one query. */
async function getFamilyScans(db: Db, projectIds: readonly number[], until?: Date): Promise<Map<number, FamilyScan[]>> {
  const rows = await db.scan.findMany({
    where: { projectId: { in: [...projectIds] }, ...(until ? { committedAt: { lte: until } } : {}) },
    orderBy: [{ committedAt: "asc" }, { id: "asc" }],
    select: { ...SERIES_COLUMNS, projectId: true, checksFailed: true },
  });
  const byProject = new Map<number, FamilyScan[]>(projectIds.map((id) => [id, []]));
  for (const row of rows) byProject.get(row.projectId)?.push(row);
  return byProject;
}

/** Each family's latest plan (up to `until`): one JSON read per family. */
async function getLatestPlans(db: Db, projectIds: readonly number[], until?: Date): Promise<Map<number, Plan | null>> {
  const plans = await Promise.all(
    projectIds.map(async (projectId) => {
      const latest = await db.scan.findFirst({
        where: { projectId, ...(until ? { committedAt: { lte: until } } : {}) },
        orderBy: { committedAt: "desc" },
        select: { plan: true },
      });
      return [projectId, latest ? PlanSchema.parse(latest.plan) : null] as const;
    }),
  );
  return new Map(plans);
}

/** One family's row, judged exactly as its project is everywhere else (assessProject). */
function familyRow(project: FamilyProject, scans: readonly FamilyScan[], plan: Plan | null, now: number): FamilyRow {
  const points: SeriesPoint[] = scans.map(toSeriesPoint);
  const { verdicts, status, stale, statusDetail } = assessProject(plan, points, now);
  const latest = points.at(-1) ?? null;
  const weekAgo = weekBefore(points);
  const since = latest ? Date.parse(latest.date) - RECENT_DAYS * DAY_MS : 0;
  const recent = points.filter((point) => Date.parse(point.date) >= since);
  const sparkline = downsample(
    recent.map((point) => ({ time: Date.parse(point.date), counted: point.counted })),
    "scan",
    SPARKLINE_POINTS,
  ).map((point) => point.counted);
  return {
    family: project.family ?? project.slug,
    project: project.slug,
    name: project.name,
    issueUrl: httpUrlOrNull(project.issueUrl),
    status,
    stale,
    statusDetail,
    latest,
    target: plan?.target ?? latest?.finalTarget ?? null,
    change: latest && weekAgo && weekAgo.sha !== latest.sha ? latest.counted - weekAgo.counted : null,
    sparkline,
    nextPhase: verdicts.find((verdict) => dueTime(verdict.due) > now) ?? null,
    checksFailed: scans.at(-1)?.checksFailed ?? null,
  };
}

/** The worst status among the families decides the repository's colour: late, then at risk, then on track; done only when all are. */
export function repositoryStatus(statuses: readonly ProjectStatus[]): ProjectStatus {
  const judged = statuses.filter((status) => status !== "no-data" && status !== "empty");
  if (judged.length === 0) return statuses.includes("empty") ? "empty" : "no-data";
  for (const status of ["late", "at-risk", "on-track"] as const) if (judged.includes(status)) return status;
  return "done";
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export interface SummaryInput {
  status: ProjectStatus;
  stale: unknown;
  counted: number | null;
  target: number | null;
  change: number | null;
}

/** Counts, status tally and the headline ("4 consolidations · 2 on track") of a set of families. */
export function summarize(rows: readonly SummaryInput[]): RepositorySummary & { status: ProjectStatus; detail: string } {
  const statuses: StatusTally = { done: 0, "on-track": 0, "at-risk": 0, late: 0, empty: 0, "no-data": 0, stale: 0 };
  for (const row of rows) {
    statuses[row.status] += 1;
    if (row.stale) statuses.stale += 1;
  }
  const parts = (
    [
      ["done", "done"],
      ["on-track", "on track"],
      ["at-risk", "at risk"],
      ["late", "late"],
      ["empty", "empty"],
      ["no-data", "no data"],
      ["stale", "stale"],
    ] as const
  )
    .filter(([key]) => statuses[key] > 0)
    .map(([key, words]) => `${statuses[key]} ${words}`);
  return {
    families: rows.length,
    statuses,
    counted: rows.reduce((sum, row) => sum + (row.counted ?? 0), 0),
    target: rows.reduce((sum, row) => sum + (row.target ?? 0), 0),
    change: rows.reduce((sum, row) => sum + (row.change ?? 0), 0),
    headline: `${plural(rows.length, "consolidation")} · ${statuses["on-track"]} on track`,
    status: repositoryStatus(rows.map((row) => row.status)),
    detail: parts.join(" · "),
  };
}

/**
 * The combined chart: one point a week, going back from the newest scan, each family's count at that
 * moment carried forward from its newest scan before it (a family not scanned yet counts 0), summed,
 * against the sum of the targets in force.
 */
export function combineFamilies(families: ReadonlyArray<{ family: string; scans: readonly FamilyScan[] }>): CombinedPoint[] {
  const times = families.flatMap(({ scans }) => scans.map((scan) => scan.committedAt.getTime()));
  if (times.length === 0) return [];
  const first = Math.min(...times);
  const last = Math.max(...times);
  const moments: number[] = [];
  for (let time = last; time >= first && moments.length < MAX_CHART_POINTS; time -= WEEK_MS) moments.unshift(time);
  // The newest scan at or before each moment, walking each family's scans once (both lists are in time order).
  const cursors = families.map(() => -1);
  return moments.map((moment) => {
    const byFamily: Record<string, number> = {};
    let total = 0;
    let target = 0;
    families.forEach(({ family, scans }, index) => {
      let cursor = cursors[index] ?? -1;
      while (cursor + 1 < scans.length && (scans[cursor + 1]?.committedAt.getTime() ?? Infinity) <= moment) cursor += 1;
      cursors[index] = cursor;
      const scan = scans[cursor];
      byFamily[family] = scan?.countedCount ?? 0;
      total += scan?.countedCount ?? 0;
      target += scan?.stepTarget ?? 0;
    });
    return { date: new Date(moment).toISOString(), total, target, byFamily };
  });
}

const movedOf = (row: FamilyRow): MovedFamily => ({
  family: row.family,
  project: row.project,
  name: row.name,
  change: row.change ?? 0,
  counted: row.latest?.counted ?? 0,
});

/** Families that shrank or grew this week (biggest change first), and those that stalled above their target. */
export function whatMoved(rows: readonly FamilyRow[]): Moved {
  const measured = rows.filter((row) => row.change !== null);
  const byName = (a: FamilyRow, b: FamilyRow) => a.family.localeCompare(b.family);
  const gap = (row: FamilyRow) => (row.latest?.counted ?? 0) - (row.target ?? 0);
  return {
    shrank: measured
      .filter((row) => (row.change ?? 0) < 0)
      .sort((a, b) => (a.change ?? 0) - (b.change ?? 0) || byName(a, b))
      .map(movedOf),
    grew: measured
      .filter((row) => (row.change ?? 0) > 0)
      .sort((a, b) => (b.change ?? 0) - (a.change ?? 0) || byName(a, b))
      .map(movedOf),
    stalled: measured
      .filter((row) => row.change === 0 && (row.status === "on-track" || row.status === "at-risk" || row.status === "late"))
      .sort((a, b) => gap(b) - gap(a) || byName(a, b))
      .map(movedOf),
  };
}

function repositoryRef(repository: LoadedRepository): RepositoryRef {
  return { slug: repository.slug, name: repository.name, repoUrl: repository.repoUrl };
}

export interface RepositoryViewOptions {
  now?: number;
  /** The state at this moment: later scans are ignored and "now" is this moment. */
  until?: Date;
}

/** The overview: every family as a row, the combined chart and what moved this week. */
export async function getRepositoryOverview(
  db: Db,
  repository: LoadedRepository,
  options: RepositoryViewOptions = {},
): Promise<RepositoryOverview> {
  const now = options.until?.getTime() ?? options.now ?? Date.now();
  const projects = await getFamilyProjects(db, repository.id);
  const ids = projects.map((project) => project.id);
  const [scans, plans] = await Promise.all([getFamilyScans(db, ids, options.until), getLatestPlans(db, ids, options.until)]);
  const families = projects.map((project) => familyRow(project, scans.get(project.id) ?? [], plans.get(project.id) ?? null, now));
  const { status: _status, detail: _detail, ...summary } = summarizeRows(families);
  return {
    repository: repositoryRef(repository),
    summary,
    families,
    combined: combineFamilies(
      projects.map((project, index) => ({ family: families[index]?.family ?? project.slug, scans: scans.get(project.id) ?? [] })),
    ),
    moved: whatMoved(families),
    generatedAt: new Date(now).toISOString(),
  };
}

function summarizeRows(rows: readonly FamilyRow[]) {
  return summarize(
    rows.map((row) => ({
      status: row.status,
      stale: row.stale,
      counted: row.latest?.counted ?? null,
      target: row.target,
      change: row.change,
    })),
  );
}

/** The badge's and the preview's numbers: the summary, the aggregate status and the combined trend. */
export async function getRepositoryHeadline(db: Db, repository: LoadedRepository, options: RepositoryViewOptions = {}) {
  const overview = await getRepositoryOverview(db, repository, options);
  const summary = summarizeRows(overview.families);
  const latestDate = overview.combined.at(-1)?.date ?? null;
  return { overview, summary, latestDate, sparkline: overview.combined.slice(-SPARKLINE_POINTS).map((point) => point.total) };
}

/** Every repository with its summary and its families' project slugs (the home page groups by them). */
export async function getRepositoryCards(db: Db, now: number = Date.now()): Promise<RepositoryCard[]> {
  const repositories = await db.repository.findMany({ orderBy: { slug: "asc" }, select: REPOSITORY_COLUMNS });
  return Promise.all(
    repositories.map(async (repository) => {
      const overview = await getRepositoryOverview(db, repository, { now });
      return {
        repository: overview.repository,
        summary: overview.summary,
        projects: overview.families.map((family) => family.project),
      };
    }),
  );
}

/** A SHA (or 7+ character prefix) of a commit any family stored, a date (end of that day, UTC) or an ISO instant. */
async function resolveMoment(db: Db, projectIds: readonly number[], ref: string): Promise<Date | null> {
  if (/^[0-9a-f]{7,64}$/.test(ref)) {
    const scans = await db.scan.findMany({
      where: { projectId: { in: [...projectIds] }, commitSha: { startsWith: ref } },
      select: { commitSha: true, committedAt: true },
      take: 50,
    });
    const commits = new Set(scans.map((scan) => scan.commitSha));
    if (commits.size === 1 && scans[0]) return scans[0].committedAt;
  }
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(ref) ? Date.parse(`${ref}T23:59:59.999Z`) : Date.parse(ref);
  return Number.isNaN(instant) ? null : new Date(instant);
}

function reportRow(family: FamilyProject, report: Awaited<ReturnType<typeof getWeeklyReport>>): ReportRow {
  const base = { family: family.family ?? family.slug, project: family.slug, name: family.name, issueUrl: httpUrlOrNull(family.issueUrl) };
  if (!report) {
    return { ...base, status: "no-data", before: null, now: null, change: null, target: null, countUnit: null, checksFailed: null };
  }
  const { at, since, view } = report;
  return {
    ...base,
    status: view.status,
    before: since.totals.counted,
    now: at.totals.counted,
    change: at.totals.counted - since.totals.counted,
    target: view.plan?.target ?? at.target,
    countUnit: at.countUnit,
    checksFailed: at.checks.failed,
  };
}

/**
 * The repository's weekly report: every family's own weekly report (the same reading as its project's
 * report page) at the moment `at` names, or the newest scan of the repository. `since` defaults, per
 * family, to its newest scan at least 7 days before. Null when no family has a scan, or a ref names nothing.
 */
export async function getRepositoryReport(
  db: Db,
  repository: LoadedRepository,
  refs: { at?: string | undefined; since?: string | undefined },
): Promise<RepositoryReport | null> {
  const projects = await getFamilyProjects(db, repository.id);
  const ids = projects.map((project) => project.id);
  const moment = refs.at ? await resolveMoment(db, ids, refs.at) : null;
  if (refs.at && !moment) return null;
  const atScan = await db.scan.findFirst({
    where: { projectId: { in: ids }, ...(moment ? { committedAt: { lte: moment } } : {}) },
    orderBy: [{ committedAt: "desc" }, { id: "desc" }],
    select: { commitSha: true, committedAt: true },
  });
  if (!atScan) return null;
  const sinceMoment = refs.since ? await resolveMoment(db, ids, refs.since) : new Date(atScan.committedAt.getTime() - WEEK_MS);
  if (!sinceMoment) return null;
  const atRef = atScan.committedAt.toISOString();
  const reports = await Promise.all(
    projects.map(async (project) => {
      const explicit = refs.since ? await getWeeklyReport(db, project, { at: atRef, since: sinceMoment.toISOString() }) : null;
      return explicit ?? getWeeklyReport(db, project, { at: atRef });
    }),
  );
  const rows = projects.map((project, index) => reportRow(project, reports[index] ?? null));
  const {
    status: _status,
    detail: _detail,
    ...summary
  } = summarize(
    rows.map((row, index) => ({
      status: row.status,
      stale: reports[index]?.view.stale ?? null,
      counted: row.now,
      target: row.target,
      change: row.change,
    })),
  );
  return {
    repository: repositoryRef(repository),
    at: { sha: atScan.commitSha, date: atRef },
    since: { date: sinceMoment.toISOString() },
    summary,
    rows,
    families: projects.map((project, index) => ({
      family: rows[index]?.family ?? project.slug,
      project: project.slug,
      name: project.name,
      issueUrl: httpUrlOrNull(project.issueUrl),
      report: reports[index] ?? null,
    })),
    permalink: repositoryReportHref(repository.slug, { at: atScan.commitSha, ...(refs.since ? { since: refs.since } : {}) }),
  };
}
