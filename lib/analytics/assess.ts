import type { Plan } from "@/lib/contract/inventory";
import { forecastEta, type Forecast } from "./forecast";
import { staleDaysFromEnv, staleness, type Staleness } from "./freshness";
import { emptyDetail, phaseVerdicts, projectStatus, type PhaseVerdict, type ProjectStatus } from "./status";

/** The numbers of one scan that a project's status is judged by (oldest first). */
export interface AssessPoint {
  date: string;
  /** The count toward the target, in the plan's unit. */
  counted: number;
  /** Definitions found: zero in every scan means the pattern matches nothing. */
  members: number;
  /** Files scanned, for the empty message; optional. */
  filesScanned?: number;
}

export interface ProjectAssessment {
  forecast: Forecast;
  verdicts: PhaseVerdict[];
  status: ProjectStatus;
  /** Set when the latest scan is older than CONVERGE_STALE_DAYS: shown next to the status. */
  stale: Staleness | null;
  /** Why the status is what it is when the status alone does not say (the empty message). */
  statusDetail: string | null;
}

/**
 * Status, forecast, phase verdicts and staleness of a project at `now`, from its scans. The one
 * place every surface (home, project page, badge, preview, API) gets them from, so they agree.
 */
export function assessProject(
  plan: Plan | null,
  points: readonly AssessPoint[],
  now: number,
  staleDays: number = staleDaysFromEnv(),
): ProjectAssessment {
  const series = points.map((point) => ({ time: Date.parse(point.date), value: point.counted, counted: point.counted }));
  const latest = points.at(-1) ?? null;
  const forecast = forecastEta(series, plan?.target ?? 0, { now });
  const verdicts = plan ? phaseVerdicts(plan, series, forecast, now) : [];
  const foundAnyMember = points.some((point) => point.members > 0);
  const status: ProjectStatus = plan
    ? projectStatus(plan, latest?.counted ?? null, verdicts, forecast, now, { foundAnyMember })
    : "no-data";
  const stale = staleness(latest?.date ?? null, now, staleDays);
  if (status === "empty" && plan) {
    // Zero found is not zero left: no "Reached" forecast and no phase "already at its target".
    const unknown = verdicts.map((verdict) => ({
      ...verdict,
      state: "unknown" as const,
      actual: null,
      projected: null,
      detail: "no member found yet",
    }));
    return {
      forecast: forecastEta([], plan.target),
      verdicts: unknown,
      status,
      stale,
      statusDetail: emptyDetail(plan.pattern, latest?.filesScanned ?? null),
    };
  }
  return { forecast, verdicts, status, stale, statusDetail: null };
}
