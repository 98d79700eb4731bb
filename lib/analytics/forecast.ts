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
  state: "reached" | "forecast" | "no-trend" | "not-enough-data";
}

export const FORECAST_WINDOW_DAYS = 56;

/**
 * The pace is the slope of an ordinary least-squares line over the scans of the last `windowDays`
 * before the latest scan; the projection starts at the latest count and goes at that pace, so the
 * ETA is latest + (target - latest count) / slope. Needs at least 3 scans spanning 7+ days.
 */
export function forecastEta(points: ForecastInput[], target: number, windowDays = FORECAST_WINDOW_DAYS): Forecast {
  const method = `pace by least squares over the scans of the last ${windowDays / 7} weeks, projected from the latest count`;
  const last = points.at(-1);
  const empty = { method, windowDays, slopePerDay: null, intercept: null, eta: null, origin: last?.time ?? 0 };
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
  const base = { method, windowDays, pointsUsed: n, slopePerDay: slope, intercept: last.value, origin: last.time };
  if (slope >= 0) return { ...base, eta: null, state: "no-trend" };
  const eta = last.time + ((target - last.value) / slope) * DAY_MS;
  return { ...base, eta: new Date(Math.round(eta)).toISOString(), state: "forecast" };
}

/** The fitted line's value at a time, or null when there is no trend line. */
export function forecastValueAt(forecast: Forecast, time: number): number | null {
  if (forecast.slopePerDay === null || forecast.intercept === null) return null;
  return forecast.intercept + forecast.slopePerDay * ((time - forecast.origin) / DAY_MS);
}

/** The forecast in one word for cards and headlines: the ETA date, "Reached", or null when there is none. */
export function etaLabel(forecast: Forecast): string | null {
  if (forecast.state === "reached") return "Reached";
  return forecast.state === "forecast" && forecast.eta ? forecast.eta.slice(0, 10) : null;
}
