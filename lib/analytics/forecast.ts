import type { ForecastState } from "@/lib/contract/vocabulary";
import { DAY_MS } from "./plan";

export interface ForecastInput {
  time: number;
  value: number;
}

export interface Forecast {
  /** How the forecast was computed, in words, for the page. */
  method: string;
  windowDays: number;
  pointsUsed: number;
  /** Change per day from the fitted line (negative = shrinking). */
  slopePerDay: number | null;
  /** Projected value at a time: intercept + slope * (t - origin) days; origin is the latest scan. */
  origin: number;
  intercept: number | null;
  /** When the fitted line reaches the target; null when the trend never gets there. */
  eta: string | null;
  state: ForecastState;
  /**
   * The ETA is already past at `now` while the latest scan is still above the target: the projection
   * promised a date that came and went without a scan to show it. Never "on track".
   */
  overdue: boolean;
}

export interface ForecastOptions {
  windowDays?: number;
  /** The moment the forecast is read at; without it nothing is overdue (a pure projection). */
  now?: number;
}

export const FORECAST_WINDOW_DAYS = 56;

/**
 * The pace is the slope of an ordinary least-squares line over the scans of the last `windowDays`
 * before the latest scan; the projection starts at the latest count and goes at that pace, so the
 * ETA is latest + (target - latest count) / slope. Needs at least 3 scans spanning 7+ days.
 */
export function forecastEta(points: ForecastInput[], target: number, options: ForecastOptions = {}): Forecast {
  const windowDays = options.windowDays ?? FORECAST_WINDOW_DAYS;
  const method = `pace by least squares over the scans of the last ${windowDays / 7} weeks, projected from the latest count`;
  const last = points.at(-1);
  const empty = { method, windowDays, slopePerDay: null, intercept: null, eta: null, origin: last?.time ?? 0, overdue: false };
  if (!last) return { ...empty, pointsUsed: 0, state: "not-enough-data" };
  if (last.value <= target) return { ...empty, pointsUsed: 0, eta: new Date(last.time).toISOString(), state: "reached" };
  const windowStart = last.time - windowDays * DAY_MS;
  const recent = points.filter((point) => point.time >= windowStart);
  const first = recent[0];
  if (recent.length < 3 || !first || last.time - first.time < 7 * DAY_MS) {
    return { ...empty, pointsUsed: recent.length, state: "not-enough-data" };
  }
  const origin = first.time;
  const xs = recent.map((point) => (point.time - origin) / DAY_MS);
  const ys = recent.map((point) => point.value);
  const n = recent.length;
  const meanX = xs.reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] ?? 0) - meanX;
    sxy += dx * ((ys[i] ?? 0) - meanY);
    sxx += dx * dx;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const base = { method, windowDays, pointsUsed: n, slopePerDay: slope, intercept: last.value, origin: last.time, overdue: false };
  if (slope >= 0) return { ...base, eta: null, state: "no-trend" };
  const eta = Math.round(last.time + ((target - last.value) / slope) * DAY_MS);
  const overdue = options.now !== undefined && eta < options.now;
  return { ...base, eta: new Date(eta).toISOString(), state: "forecast", overdue };
}

/** The fitted line's value at a time, or null when there is no trend line. */
export function forecastValueAt(forecast: Forecast, time: number): number | null {
  if (forecast.slopePerDay === null || forecast.intercept === null) return null;
  return forecast.intercept + forecast.slopePerDay * ((time - forecast.origin) / DAY_MS);
}

/**
 * The forecast in a few words for cards and headlines: the ETA date, "Overdue since <date>" when that
 * date has passed without reaching the target, "Reached", or null when there is none.
 */
export function etaLabel(forecast: Forecast): string | null {
  if (forecast.state === "reached") return "Reached";
  if (forecast.state !== "forecast" || !forecast.eta) return null;
  const date = forecast.eta.slice(0, 10);
  return forecast.overdue ? `Overdue since ${date}` : date;
}
