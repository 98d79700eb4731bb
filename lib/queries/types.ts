import type { CheckResult, CountUnit, FileIssue, Member, Plan, Totals } from "@/lib/contract/inventory";
import type { Forecast } from "@/lib/analytics/forecast";
import type { Staleness } from "@/lib/analytics/freshness";
import type { TimelineParams } from "@/lib/analytics/range";
import type { PhaseVerdict, ProjectStatus } from "@/lib/analytics/status";

/** Read models shared by the server (queries, API) and the client (hooks, components). Types only. */

export interface CommitRef {
  sha: string;
  date: string;
  branch: string | null;
  message: string | null;
}

export interface ScanSummary {
  id: number;
  commit: CommitRef;
  scanner: { name: string; version: string };
  target: number;
  /** The unit of `totals.counted` and of the target (scans stored before units existed: "definitions"). */
  countUnit: CountUnit;
  totals: Totals;
  checks: { passed: number; failed: number };
  files: { scanned: number; skipped: number; failed: number };
  complete: boolean;
  receivedAt: string;
}

export interface ScanDetail extends ScanSummary {
  plan: Plan;
  members: Member[];
  checkResults: CheckResult[];
  fileIssues: { skipped: FileIssue[]; failed: FileIssue[] };
}

export interface ProjectSummary {
  slug: string;
  name: string;
  repoUrl: string | null;
  createdAt: string;
  scanCount: number;
  latestScan: ScanSummary | null;
}

/** The numbers of one scan that lists and badges need. */
export interface SeriesPoint {
  sha: string;
  date: string;
  /** The number compared to the target, in `countUnit`. */
  counted: number;
  /** Definitions (every class or alias found); the same number as `definitions`. */
  members: number;
  /** Distinct member names. */
  names: number;
  /** Definitions: every class or alias found. */
  definitions: number;
  countUnit: CountUnit;
  /** The target in force at this scan: the next milestone's target under the plan of that commit. */
  target: number;
  /** The plan's overall target at this commit. */
  finalTarget: number;
  /** Files the scan looked at (the empty message says how many matched nothing). */
  filesScanned: number;
}

export interface TimelinePoint extends SeriesPoint {
  /** Definitions per classification, counted or not. */
  byClassification: Totals["byClassification"];
  /** The counted number split by classification, in `countUnit`: sums to `counted` (what the chart stacks). */
  countedByClassification: Totals["countedByClassification"];
  /** Definitions per phase (read only when the view stacks by phase, else empty). */
  byPhase: Record<string, number>;
  /** The counted number split by phase, in `countUnit` (read only when the view stacks by phase, else empty). */
  countedByPhase: Record<string, number>;
  complete: boolean;
  checksFailed: number;
}

export interface ProjectView {
  project: { slug: string; name: string; repoUrl: string | null };
  params: TimelineParams;
  /** Scans in the selected range before downsampling. */
  scansInRange: number;
  totalScans: number;
  points: TimelinePoint[];
  plan: Plan | null;
  forecast: Forecast;
  verdicts: PhaseVerdict[];
  status: ProjectStatus;
  /** Set when the latest scan is older than CONVERGE_STALE_DAYS: "stale: last scan 15 days ago". */
  stale: Staleness | null;
  /** What the status alone does not say: why the project is empty ("no members match /Backend/ in 8,480 files: …"). */
  statusDetail: string | null;
  latest: TimelinePoint | null;
  /** The newest scan at least 7 days older than the latest one. */
  weekAgo: TimelinePoint | null;
  generatedAt: string;
}

export interface ProjectCard {
  slug: string;
  name: string;
  status: ProjectStatus;
  stale: Staleness | null;
  statusDetail: string | null;
  latest: SeriesPoint | null;
  weekAgo: SeriesPoint | null;
  sparkline: Array<{ date: string; counted: number }>;
  eta: string | null;
  nextPhase: PhaseVerdict | null;
}
