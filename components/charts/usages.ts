import { forecastValueAt, type Forecast } from "@/lib/analytics/forecast";
import { MAX_FORECAST_DAYS } from "./series";

/**
 * The usages chart's data ("usages still on non-primary members"), shaped without React or recharts:
 * one row per scan (null where the scan did not measure usages: a gap, never 0) and the forecast
 * segment from the latest measured scan to the day the fitted line reaches 0.
 */

export interface UsagesPoint {
  sha: string;
  date: string;
  legacyUsages?: number | null;
}

export interface UsagesRow {
  time: number;
  sha: string;
  usages: number | null;
}

export interface UsagesChartModel {
  rows: UsagesRow[];
  /** Scans that measured usages. */
  measured: number;
  projection: Array<{ time: number; forecast: number }>;
  domain: [number, number];
  yMax: number;
}

const DAY_MS = 86_400_000;

export function shapeUsagesChart(points: readonly UsagesPoint[], forecast: Forecast): UsagesChartModel {
  const rows = points.map((point) => ({ time: Date.parse(point.date), sha: point.sha, usages: point.legacyUsages ?? null }));
  const measuredRows = rows.filter((row): row is UsagesRow & { usages: number } => row.usages !== null);
  const last = measuredRows.at(-1);
  const eta = forecast.state === "forecast" && forecast.eta ? Date.parse(forecast.eta) : null;
  const projection =
    last && eta !== null && eta >= last.time && eta <= last.time + MAX_FORECAST_DAYS * DAY_MS
      ? [
          { time: last.time, forecast: Math.round((forecastValueAt(forecast, last.time) ?? last.usages) * 10) / 10 },
          { time: eta, forecast: 0 },
        ]
      : [];
  const first = rows[0]?.time ?? 0;
  const end = Math.max(rows.at(-1)?.time ?? 0, projection.at(-1)?.time ?? 0);
  return {
    rows,
    measured: measuredRows.length,
    projection,
    domain: [first, end === first ? first + DAY_MS : end],
    yMax: Math.max(0, ...measuredRows.map((row) => row.usages)),
  };
}
