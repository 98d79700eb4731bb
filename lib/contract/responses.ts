import { z } from "zod";
import {
  CheckResultSchema,
  ClassificationSchema,
  CountUnitSchema,
  FileIssueSchema,
  MemberSchema,
  PlanSchema,
  ReconciliationSchema,
  TotalsSchema,
} from "./inventory";
import { HitSchema } from "./explain";
import { FORECAST_STATES, FORMATS, GRANULARITIES, PHASE_STATES, PROJECT_STATUSES, RANGE_PRESETS, STACKS, ERROR_CODES } from "./vocabulary";
import { TimelineAnnotationSchema } from "./annotations";

/**
 * The API's responses: the one description of every JSON body the server sends. Route handlers are
 * typed against these schemas (their data must be a valid input), the CLI parses what it receives with
 * them, and the read models of lib/queries and the types of the browser's hooks are inferred from them
 * (browser code imports types only, so zod stays out of its bundle).
 *
 * Objects here strip keys they do not know, so a newer server that adds a field still satisfies an older
 * CLI; members, checks, plans and totals are the inventory contract's own objects.
 */

const nullableString = z.string().nullable();
const nullableNumber = z.number().nullable();

export const CommitRefSchema = z.object({
  sha: z.string(),
  date: z.string(),
  branch: nullableString,
  message: nullableString,
});
export type CommitRef = z.infer<typeof CommitRefSchema>;

export const ScanSummarySchema = z.object({
  id: z.number().int(),
  commit: CommitRefSchema,
  scanner: z.object({ name: z.string(), version: z.string() }),
  target: z.number(),
  /** The unit of `totals.counted` and of the target (scans stored before units existed: "definitions"). */
  countUnit: CountUnitSchema,
  totals: TotalsSchema,
  checks: z.object({ passed: z.number(), failed: z.number() }),
  files: z.object({ scanned: z.number(), skipped: z.number(), failed: z.number() }),
  complete: z.boolean(),
  receivedAt: z.string(),
});
export type ScanSummary = z.infer<typeof ScanSummarySchema>;

/** "Why this number?" of one scan in counts (the hits are listed apart, where kept). */
export const ReconciliationCountsSchema = ReconciliationSchema.omit({ hits: true });
export type ReconciliationCounts = z.infer<typeof ReconciliationCountsSchema>;

export const ScanDetailSchema = ScanSummarySchema.extend({
  plan: PlanSchema,
  members: z.array(MemberSchema),
  checkResults: z.array(CheckResultSchema),
  fileIssues: z.object({ skipped: z.array(FileIssueSchema), failed: z.array(FileIssueSchema) }),
  /** How a plain text search reconciles with the members; null: the scanner did not measure it. */
  reconciliation: ReconciliationCountsSchema.nullable(),
  /** The non-member hits (docstring, comment, string, unresolved); null: not kept (only the latest scan of each branch keeps them). */
  hits: z.array(HitSchema).nullable(),
});
export type ScanDetail = z.infer<typeof ScanDetailSchema>;

export const ProjectSummarySchema = z.object({
  slug: z.string(),
  name: z.string(),
  repoUrl: nullableString,
  createdAt: z.string(),
  scanCount: z.number(),
  latestScan: ScanSummarySchema.nullable(),
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;

const countRecord = z.record(z.string(), z.number());

/** The numbers of one scan that lists and badges need. */
export const SeriesPointSchema = z.object({
  sha: z.string(),
  date: z.string(),
  /** The number compared to the target, in `countUnit`. */
  counted: z.number(),
  /** Definitions (every class or alias found); the same number as `definitions`. */
  members: z.number(),
  /** Distinct member names. */
  names: z.number(),
  /** Definitions: every class or alias found. */
  definitions: z.number(),
  countUnit: CountUnitSchema,
  /** The target in force at this scan: the next milestone's target under the plan of that commit. */
  target: z.number(),
  /** The plan's overall target at this commit. */
  finalTarget: z.number(),
  /** Files the scan looked at (the empty message says how many matched nothing). */
  filesScanned: z.number(),
  /** Usage sites still on counted non-primary members (totals.legacyUsages); null: not measured, never 0. */
  legacyUsages: nullableNumber,
});
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;

export const TimelinePointSchema = SeriesPointSchema.extend({
  /** Definitions per classification, counted or not. */
  byClassification: TotalsSchema.shape.byClassification,
  /** The counted number split by classification, in `countUnit`: sums to `counted` (what the chart stacks). */
  countedByClassification: TotalsSchema.shape.countedByClassification,
  /** Definitions per phase (read only when the view stacks by phase, else empty). */
  byPhase: countRecord,
  /** The counted number split by phase, in `countUnit` (read only when the view stacks by phase, else empty). */
  countedByPhase: countRecord,
  complete: z.boolean(),
  checksFailed: z.number(),
});
export type TimelinePoint = z.infer<typeof TimelinePointSchema>;

export const ForecastSchema = z.object({
  /** How the forecast was computed, in words, for the page. */
  method: z.string(),
  windowDays: z.number(),
  pointsUsed: z.number(),
  /** Change per day from the fitted line (negative = shrinking). */
  slopePerDay: nullableNumber,
  /** Projected value at a time: intercept + slope * (t - origin) days; origin is the latest scan. */
  origin: z.number(),
  intercept: nullableNumber,
  /** When the fitted line reaches the target; null when the trend never gets there. */
  eta: nullableString,
  state: z.enum(FORECAST_STATES),
  /** The ETA is already past while the latest scan is still above the target. */
  overdue: z.boolean(),
});

export const StalenessSchema = z.object({
  /** Whole days between the latest scan and now. */
  ageDays: z.number(),
  /** The threshold it is judged against (CONVERGE_STALE_DAYS). */
  limitDays: z.number(),
  lastScan: z.string(),
  /** "stale: last scan 15 days ago" */
  label: z.string(),
});

export const PhaseVerdictSchema = z.object({
  name: z.string(),
  due: z.string(),
  target: z.number(),
  state: z.enum(PHASE_STATES),
  /** For a past phase: the count at its due date; for a future one: today's count. */
  actual: nullableNumber,
  /** For a future phase: the forecast count at its due date. */
  projected: nullableNumber,
  detail: z.string(),
});

export const ProjectStatusSchema = z.enum(PROJECT_STATUSES);

export const TimelineParamsSchema = z.object({
  range: z.enum(RANGE_PRESETS),
  granularity: z.enum(GRANULARITIES),
  stack: z.enum(STACKS),
  format: z.enum(FORMATS),
});

const ProjectRefSchema = z.object({ slug: z.string(), name: z.string(), repoUrl: nullableString });

/** GET …/timeline: the project page's chart, forecast and status. */
export const ProjectViewSchema = z.object({
  project: ProjectRefSchema,
  params: TimelineParamsSchema,
  /** Scans in the selected range before downsampling. */
  scansInRange: z.number(),
  totalScans: z.number(),
  points: z.array(TimelinePointSchema),
  plan: PlanSchema.nullable(),
  forecast: ForecastSchema,
  verdicts: z.array(PhaseVerdictSchema),
  status: ProjectStatusSchema,
  /** Set when the latest scan is older than CONVERGE_STALE_DAYS: "stale: last scan 15 days ago". */
  stale: StalenessSchema.nullable(),
  /** What the status alone does not say: why the project is empty ("no members match /Backend/ in 8,480 files: …"). */
  statusDetail: nullableString,
  latest: TimelinePointSchema.nullable(),
  /** The newest scan at least 7 days older than the latest one. */
  weekAgo: TimelinePointSchema.nullable(),
  /** When the usages still on non-primary members reach 0, from the scans that measured them. */
  usagesForecast: ForecastSchema,
  generatedAt: z.string(),
});
export type ProjectView = z.infer<typeof ProjectViewSchema>;

export const ProjectCardSchema = z.object({
  slug: z.string(),
  name: z.string(),
  status: ProjectStatusSchema,
  stale: StalenessSchema.nullable(),
  statusDetail: nullableString,
  latest: SeriesPointSchema.nullable(),
  weekAgo: SeriesPointSchema.nullable(),
  sparkline: z.array(z.object({ date: z.string(), counted: z.number() })),
  eta: nullableString,
  nextPhase: PhaseVerdictSchema.nullable(),
});
export type ProjectCard = z.infer<typeof ProjectCardSchema>;

export const CheckStatusSchema = z.object({
  ...CheckResultSchema.shape,
  title: z.string(),
  /** Date of the first scan of the current passing (or failing) streak. */
  since: nullableString,
  sinceSha: nullableString,
});
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

export const MemberRefSchema = z.object({
  key: z.string(),
  name: z.string(),
  file: z.string(),
  line: z.number(),
  classification: ClassificationSchema,
});

export const MemberDiffSchema = z.object({
  added: z.array(MemberRefSchema),
  removed: z.array(MemberRefSchema),
  reclassified: z.array(z.object({ member: MemberRefSchema, from: ClassificationSchema, to: ClassificationSchema })),
  moved: z.array(z.object({ from: MemberRefSchema, to: MemberRefSchema, by: z.enum(["body", "name"]) })),
  signatureChanged: z.array(z.object({ member: MemberRefSchema, from: nullableString, to: nullableString })),
});

/** GET …/compare: two scans and what changed between them. */
export const ScanComparisonSchema = z.object({
  from: ScanSummarySchema,
  to: ScanSummarySchema,
  diff: MemberDiffSchema,
});
export type ScanComparison = z.infer<typeof ScanComparisonSchema>;

const KeyNameSchema = z.object({ key: z.string(), name: z.string() });

/** Consecutive scans in which the member looked the same: the timeline without its repetitions. */
export const EnginePeriodSchema = z.object({
  from: CommitRefSchema,
  to: CommitRefSchema,
  scans: z.number(),
  member: MemberSchema,
});
export type EnginePeriod = z.infer<typeof EnginePeriodSchema>;

/** GET …/engines/{key}: one member's life. */
export const EngineHistorySchema = z.object({
  key: z.string(),
  name: z.string(),
  firstSeen: CommitRefSchema,
  lastSeen: CommitRefSchema,
  /** The first scan after the last sighting, when the member is gone. */
  removedIn: CommitRefSchema.nullable(),
  periods: z.array(EnginePeriodSchema),
  signatureChanges: z.array(z.object({ commit: CommitRefSchema, from: nullableString, to: nullableString })),
  movedFrom: z.object({ key: z.string(), commit: CommitRefSchema }).nullable(),
  movedTo: z.object({ key: z.string(), commit: CommitRefSchema }).nullable(),
  /** In the engine's latest scan: the member it delegates to and the members that delegate to it. */
  delegatesTo: z.array(KeyNameSchema),
  delegatedBy: z.array(KeyNameSchema),
  checks: z.array(z.object({ id: z.string(), title: z.string(), passed: z.boolean() })),
  /** The member's usages in every scan that saw it, oldest first; files and sites null where not measured. */
  usages: z.array(z.object({ sha: z.string(), date: z.string(), files: nullableNumber, sites: nullableNumber })),
  /** In its latest scan: counted, not the primary and used nowhere outside its file; null when that scan did not measure usages. */
  removable: z.boolean().nullable(),
});
export type EngineHistory = z.infer<typeof EngineHistorySchema>;

/** GET …/report (JSON): the weekly report. */
export const WeeklyReportSchema = z.object({
  project: ProjectRefSchema,
  at: ScanSummarySchema,
  since: ScanSummarySchema,
  /** The project as it stood at `at`: later scans are not part of the report. */
  view: ProjectViewSchema,
  checks: z.array(CheckStatusSchema),
  diff: MemberDiffSchema,
  /** The report's permalink, pinned to commit SHAs. */
  permalink: z.string(),
  /** Timeline events after `since`, up to `at`: merged pull requests, plan changes, due dates, notes. */
  annotations: z.array(TimelineAnnotationSchema),
  /** Usages still on non-primary members at `at` and at `since` (null: not measured), and the members removable at `at`. */
  usages: z.object({ now: nullableNumber, since: nullableNumber, removable: z.array(MemberRefSchema) }),
});
export type WeeklyReport = z.infer<typeof WeeklyReportSchema>;

// ---- Response bodies, one per route (GET unless named otherwise) ----

/** GET /api/v1/projects */
export const ProjectListResponseSchema = z.object({ projects: z.array(ProjectCardSchema) });
export type ProjectListResponse = z.infer<typeof ProjectListResponseSchema>;

/** GET /api/v1/projects/{slug} */
export const ProjectResponseSchema = z.object({
  project: z.object({ slug: z.string(), name: z.string(), repoUrl: nullableString, createdAt: z.string() }),
  status: ProjectStatusSchema,
  stale: StalenessSchema.nullable(),
  statusDetail: nullableString,
  latestScan: ScanSummarySchema.nullable(),
});
export type ProjectResponse = z.infer<typeof ProjectResponseSchema>;

/** GET …/scans */
export const ScanListResponseSchema = z.object({ scans: z.array(ScanSummarySchema) });
export type ScanListResponse = z.infer<typeof ScanListResponseSchema>;

/** GET …/scans?fields=sha: every stored commit, oldest first (what a resumed backfill skips). */
export const CommitListResponseSchema = z.object({ commits: z.array(z.string()) });
export type CommitListResponse = z.infer<typeof CommitListResponseSchema>;

/** GET …/scans/{commit} */
export const ScanDetailResponseSchema = z.object({ scan: ScanDetailSchema });
export type ScanDetailResponse = z.infer<typeof ScanDetailResponseSchema>;

/** GET …/checks: the latest scan's checks, each with the scan where its streak began. */
export const ChecksResponseSchema = z.object({ scan: ScanSummarySchema.nullable(), checks: z.array(CheckStatusSchema) });
export type ChecksResponse = z.infer<typeof ChecksResponseSchema>;

/** GET …/members */
export const MembersResponseSchema = z.object({
  scan: z.object({ id: z.number().int(), commit: CommitRefSchema }),
  members: z.array(MemberSchema),
});
export type MembersResponse = z.infer<typeof MembersResponseSchema>;

/** POST …/scans: 201 for a new scan, 200 for a commit already stored (kept, or replaced with `replace=1`). */
export const ScanPostResponseSchema = z.object({
  /** A new scan was written (also when it replaced a stored one). */
  created: z.boolean(),
  /** A stored scan of the same commit was replaced (`replace=1` only). */
  replaced: z.boolean(),
  /** The scan's page, relative to the server. */
  url: z.string(),
  scan: ScanSummarySchema,
});
export type ScanPostResponse = z.infer<typeof ScanPostResponseSchema>;

/** DELETE …/scans */
export const ScansDeleteResponseSchema = z.object({ deleted: z.number().int().min(0) });
export type ScansDeleteResponse = z.infer<typeof ScansDeleteResponseSchema>;

// ---- The one error body ----

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ApiIssueSchema = z.object({ path: z.string(), message: z.string(), code: z.string() });
export type ApiIssue = z.infer<typeof ApiIssueSchema>;

/** Every error, from every route: `{ error: { code, message, status, issues? } }`. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    status: z.number().int(),
    issues: z.array(ApiIssueSchema).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---- Ingest: batches and repositories ----

/** What the ingest routes accept per request: one scan or portfolio, or a batch (JSON array or NDJSON). */
export const INGEST_LIMITS = {
  /** One scan or portfolio sent alone (after gzip decompression). */
  singleBytes: 1024 * 1024,
  /** A batch, after gzip decompression. */
  batchBytes: 32 * 1024 * 1024,
  /** Commits in one batch. */
  batchCommits: 2000,
} as const;

/** What happened to one commit: written now, already stored and kept, or stored and replaced (`replace=1`). */
export const IngestStatusSchema = z.enum(["created", "existing", "replaced"]);
export type IngestStatus = z.infer<typeof IngestStatusSchema>;

const statusCounts = z.object({ created: z.number().int().min(0), existing: z.number().int().min(0), replaced: z.number().int().min(0) });

/** POST /api/v1/projects/{slug}/scans with a batch: one result per commit, in the order sent. */
export const ScanBatchResponseSchema = z.object({
  results: z.array(z.object({ sha: z.string(), status: IngestStatusSchema, url: z.string() })),
  counts: statusCounts,
});
export type ScanBatchResponse = z.infer<typeof ScanBatchResponseSchema>;

/** One commit of a repository: its families' scans, each with its project and page. */
export const PortfolioResultSchema = z.object({
  sha: z.string(),
  /** `replaced` when any family's scan was replaced, else `created` when any was written, else `existing`. */
  status: IngestStatusSchema,
  families: z.array(z.object({ family: z.string(), project: z.string(), status: IngestStatusSchema, url: z.string() })),
});
export type PortfolioResult = z.infer<typeof PortfolioResultSchema>;

/** POST /api/v1/repositories/{repo}/scans with one portfolio: 201 when any family's scan was written, else 200. */
export const PortfolioPostResponseSchema = PortfolioResultSchema;
export type PortfolioPostResponse = z.infer<typeof PortfolioPostResponseSchema>;

/** POST /api/v1/repositories/{repo}/scans with a batch: one result per commit, in the order sent. */
export const PortfolioBatchResponseSchema = z.object({ results: z.array(PortfolioResultSchema), counts: statusCounts });
export type PortfolioBatchResponse = z.infer<typeof PortfolioBatchResponseSchema>;

/** GET /api/v1/repositories/{repo}/commits: the commits stored for each family, oldest first. */
export const RepositoryCommitsResponseSchema = z.object({
  commits: z.array(z.object({ sha: z.string(), families: z.array(z.string()) })),
});
export type RepositoryCommitsResponse = z.infer<typeof RepositoryCommitsResponseSchema>;
