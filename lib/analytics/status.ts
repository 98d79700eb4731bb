import type { Plan } from "@/lib/contract/inventory";
import { forecastValueAt, type Forecast } from "./forecast";
import type { PhaseState, ProjectStatus } from "@/lib/contract/vocabulary";
import { dueTime, sortedPhases } from "./plan";

export type { PhaseState, ProjectStatus };

export const PHASE_STATE_LABELS: Record<PhaseState, string> = {
  met: "Met",
  missed: "Missed",
  "on-track": "On track",
  "at-risk": "At risk",
  unknown: "Unknown",
};

export interface PhaseVerdict {
  name: string;
  due: string;
  target: number;
  state: PhaseState;
  /** For a past phase: the count at its due date; for a future one: today's count. */
  actual: number | null;
  /** For a future phase: the forecast count at its due date. */
  projected: number | null;
  detail: string;
}

export const STATUS_LABELS: Record<ProjectStatus, string> = {
  done: "Done",
  "on-track": "On track",
  "at-risk": "At risk",
  late: "Late",
  empty: "Empty",
  "no-data": "No data",
};

interface CountPoint {
  time: number;
  counted: number;
}

/** Each phase against its due date: met/missed once due, on track/at risk from the forecast before. */
export function phaseVerdicts(plan: Plan, points: CountPoint[], forecast: Forecast, now: number): PhaseVerdict[] {
  const latest = points.at(-1);
  return sortedPhases(plan).map((phase) => {
    const due = dueTime(phase.due);
    const base = { name: phase.name, due: phase.due, target: phase.target };
    if (due <= now) {
      const atDue = [...points].reverse().find((point) => point.time <= due);
      if (!atDue) return { ...base, state: "unknown", actual: null, projected: null, detail: "no scan before the due date" };
      const met = atDue.counted <= phase.target;
      return {
        ...base,
        state: met ? "met" : "missed",
        actual: atDue.counted,
        projected: null,
        detail: met ? `${atDue.counted} ≤ ${phase.target} at the due date` : `${atDue.counted} > ${phase.target} at the due date`,
      };
    }
    if (!latest) return { ...base, state: "unknown", actual: null, projected: null, detail: "no scans yet" };
    if (latest.counted <= phase.target) {
      return { ...base, state: "on-track", actual: latest.counted, projected: latest.counted, detail: "already at or below its target" };
    }
    const projected = forecastValueAt(forecast, due);
    if (projected === null || forecast.state !== "forecast") {
      return { ...base, state: "at-risk", actual: latest.counted, projected: null, detail: "no downward trend to reach it" };
    }
    const rounded = Math.max(0, Math.round(projected * 10) / 10);
    if (forecast.overdue) {
      // The projection's date has passed and no scan shows the count there: not evidence of being on track.
      const eta = forecast.eta?.slice(0, 10) ?? "";
      return {
        ...base,
        state: "at-risk",
        actual: latest.counted,
        projected: rounded,
        detail: `the forecast date ${eta} has passed with the count still at ${latest.counted}`,
      };
    }
    return {
      ...base,
      state: projected <= phase.target ? "on-track" : "at-risk",
      actual: latest.counted,
      projected: rounded,
      detail: `forecast ${rounded} at the due date against ${phase.target}`,
    };
  });
}

export interface StatusOptions {
  /** Whether any scan read found a member; false means the pattern matches nothing (default true). */
  foundAnyMember?: boolean;
}

/**
 * Empty when no scan ever found a member (a wrong pattern or scope, never "done 0 / 1"). Done once
 * the overall target is met; late when the count is above the target of a phase already due; at
 * risk when the forecast date has already passed, or when the next phase (or, without phases, the
 * overall target) is not forecast to be met.
 */
export function projectStatus(
  plan: Plan,
  latestCount: number | null,
  verdicts: PhaseVerdict[],
  forecast: Forecast,
  now: number,
  options: StatusOptions = {},
): ProjectStatus {
  if (latestCount === null) return "no-data";
  if (options.foundAnyMember === false) return "empty";
  if (latestCount <= plan.target) return "done";
  if (verdicts.some((verdict) => dueTime(verdict.due) <= now && latestCount > verdict.target)) return "late";
  if (forecast.overdue) return "at-risk";
  const next = verdicts.find((verdict) => dueTime(verdict.due) > now);
  if (next) return next.state === "on-track" ? "on-track" : "at-risk";
  return forecast.state === "forecast" ? "on-track" : "at-risk";
}

/** "no members match /Backend/ in 8,480 files: check pattern, include and exclude": why a project is empty. */
export function emptyDetail(pattern: string, filesScanned: number | null): string {
  const where = filesScanned === null ? "" : ` in ${filesScanned.toLocaleString("en-US")} ${filesScanned === 1 ? "file" : "files"}`;
  return `no members match /${pattern}/${where}: check pattern, include and exclude`;
}
