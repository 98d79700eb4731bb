import { z } from "zod";
import { PhaseVerdictSchema, ProjectStatusSchema, SeriesPointSchema, StalenessSchema, WeeklyReportSchema } from "./responses";

/**
 * The repository's read bodies (overview, list, weekly report). A repository groups its families; each
 * family is a project, so a family's numbers are the project's own (the same judgement: lib/analytics/assess.ts).
 */

const nullableString = z.string().nullable();

export const RepositoryRefSchema = z.object({ slug: z.string(), name: z.string(), repoUrl: nullableString });
export type RepositoryRef = z.infer<typeof RepositoryRefSchema>;

/** How many families are in each status, plus how many are stale (a stale family also has a status). */
const tally = z.number().int();
export const StatusTallySchema = z.object({
  done: tally,
  "on-track": tally,
  "at-risk": tally,
  late: tally,
  empty: tally,
  "no-data": tally,
  stale: tally,
});
export type StatusTally = z.infer<typeof StatusTallySchema>;

/** One family of the overview: what the projects list says about a project, plus its place in the repository. */
export const FamilyRowSchema = z.object({
  /** The family's slug within the repository. */
  family: z.string(),
  /** The family's project (its pages live under /p/{project}). */
  project: z.string(),
  name: z.string(),
  /** The tracking issue: an http(s) URL, or null (anything else is never handed out). */
  issueUrl: nullableString,
  status: ProjectStatusSchema,
  stale: StalenessSchema.nullable(),
  statusDetail: nullableString,
  latest: SeriesPointSchema.nullable(),
  /** The plan's overall target (the latest scan's plan). */
  target: z.number().nullable(),
  /** Counted now minus counted at the newest scan at least 7 days older; null without such a scan. */
  change: z.number().nullable(),
  sparkline: z.array(z.number()),
  nextPhase: PhaseVerdictSchema.nullable(),
  /** Checks failing at the latest scan. */
  checksFailed: z.number().nullable(),
});
export type FamilyRow = z.infer<typeof FamilyRowSchema>;

export const RepositorySummarySchema = z.object({
  families: z.number().int(),
  statuses: StatusTallySchema,
  /** Sum of the families' latest counts (each in its own unit) and of their overall targets. */
  counted: z.number(),
  target: z.number(),
  /** Sum of the families' week changes (families without a week-old scan count 0). */
  change: z.number(),
  /** "4 consolidations · 2 on track": the badge's and the preview's words. */
  headline: z.string(),
});
export type RepositorySummary = z.infer<typeof RepositorySummarySchema>;

/** One week of the combined chart: each family's count at the end of the week, carried forward. */
export const CombinedPointSchema = z.object({
  /** The end of the week (or the latest scan for the last point), ISO. */
  date: z.string(),
  total: z.number(),
  /** Sum of the targets in force (each family's next phase target at that moment). */
  target: z.number(),
  byFamily: z.record(z.string(), z.number()),
});
export type CombinedPoint = z.infer<typeof CombinedPointSchema>;

export const MovedFamilySchema = z.object({
  family: z.string(),
  project: z.string(),
  name: z.string(),
  change: z.number(),
  counted: z.number(),
});
export type MovedFamily = z.infer<typeof MovedFamilySchema>;

/** "What moved this week": biggest change first; stalled = unchanged and not done, furthest from target first. */
export const MovedSchema = z.object({
  shrank: z.array(MovedFamilySchema),
  grew: z.array(MovedFamilySchema),
  stalled: z.array(MovedFamilySchema),
});
export type Moved = z.infer<typeof MovedSchema>;

/** GET /api/v1/repositories/{repo}: the overview. */
export const RepositoryOverviewSchema = z.object({
  repository: RepositoryRefSchema,
  summary: RepositorySummarySchema,
  families: z.array(FamilyRowSchema),
  combined: z.array(CombinedPointSchema),
  moved: MovedSchema,
  generatedAt: z.string(),
});
export type RepositoryOverview = z.infer<typeof RepositoryOverviewSchema>;

export const RepositoryCardSchema = z.object({
  repository: RepositoryRefSchema,
  summary: RepositorySummarySchema,
  /** The family projects' slugs, in the overview's order: the home page groups their cards under the repository. */
  projects: z.array(z.string()),
});
export type RepositoryCard = z.infer<typeof RepositoryCardSchema>;

/** GET /api/v1/repositories */
export const RepositoryListResponseSchema = z.object({ repositories: z.array(RepositoryCardSchema) });
export type RepositoryListResponse = z.infer<typeof RepositoryListResponseSchema>;

/** One row of the report's summary table. */
export const ReportRowSchema = z.object({
  family: z.string(),
  project: z.string(),
  name: z.string(),
  issueUrl: nullableString,
  status: ProjectStatusSchema,
  before: z.number().nullable(),
  now: z.number().nullable(),
  change: z.number().nullable(),
  target: z.number().nullable(),
  countUnit: z.string().nullable(),
  checksFailed: z.number().nullable(),
});
export type ReportRow = z.infer<typeof ReportRowSchema>;

/** GET /api/v1/repositories/{repo}/report: the summary table, then every family's own weekly report (null before its first scan). */
export const RepositoryReportSchema = z.object({
  repository: RepositoryRefSchema,
  /** The moment the report is pinned to, and the one it compares with. */
  at: z.object({ sha: z.string(), date: z.string() }),
  since: z.object({ date: z.string() }),
  summary: RepositorySummarySchema,
  rows: z.array(ReportRowSchema),
  families: z.array(
    z.object({
      family: z.string(),
      project: z.string(),
      name: z.string(),
      issueUrl: nullableString,
      report: WeeklyReportSchema.nullable(),
    }),
  ),
  permalink: z.string(),
});
export type RepositoryReport = z.infer<typeof RepositoryReportSchema>;
