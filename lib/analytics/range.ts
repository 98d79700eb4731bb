import { z } from "zod";
import { DAY_MS } from "./plan";

export const RANGE_PRESETS = ["4w", "12w", "6m", "1y", "all"] as const;
export const GRANULARITIES = ["scan", "day", "week", "month"] as const;
export const STACKS = ["classification", "phase"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type Granularity = (typeof GRANULARITIES)[number];
export type StackBy = (typeof STACKS)[number];

/** The view state that lives in the URL, shared by the page and the API. */
export const TimelineParamsSchema = z.strictObject({
  range: z.enum(RANGE_PRESETS).default("all"),
  granularity: z.enum(GRANULARITIES).default("scan"),
  stack: z.enum(STACKS).default("classification"),
  format: z.enum(["json", "csv"]).default("json"),
});
export type TimelineParams = z.infer<typeof TimelineParamsSchema>;

/** Page URLs must never fail on a bad parameter: unknown values fall back to defaults. */
export function timelineParamsFromSearch(search: Record<string, string | string[] | undefined>): TimelineParams {
  const pick = (key: string) => {
    const value = search[key];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    range: z.enum(RANGE_PRESETS).catch("all").parse(pick("range") ?? "all"),
    granularity: z.enum(GRANULARITIES).catch("scan").parse(pick("granularity") ?? "scan"),
    stack: z.enum(STACKS).catch("classification").parse(pick("stack") ?? "classification"),
    format: "json",
  };
}

const PRESET_DAYS: Record<Exclude<RangePreset, "all">, number> = { "4w": 28, "12w": 84, "6m": 182, "1y": 365 };

export function rangeStart(preset: RangePreset, now: number): Date | null {
  return preset === "all" ? null : new Date(now - PRESET_DAYS[preset] * DAY_MS);
}

export const MAX_CHART_POINTS = 500;

function bucketOf(time: number, granularity: Granularity): number {
  const date = new Date(time);
  switch (granularity) {
    case "scan":
      return time;
    case "day":
      return Math.floor(time / DAY_MS);
    case "week":
      // Weeks start on Monday (UTC); 1970-01-01 was a Thursday.
      return Math.floor((Math.floor(time / DAY_MS) + 3) / 7);
    case "month":
      return date.getUTCFullYear() * 12 + date.getUTCMonth();
  }
}

/**
 * Keeps the newest point of each bucket (the state at the end of the day, week or month), then,
 * if still over `max`, the newest point of each of `max` equal time slices. Input is oldest first.
 */
export function downsample<T extends { time: number }>(points: T[], granularity: Granularity, max = MAX_CHART_POINTS): T[] {
  const byBucket: T[] = [];
  let lastBucket: number | null = null;
  for (const point of points) {
    const bucket = bucketOf(point.time, granularity);
    if (bucket === lastBucket) byBucket[byBucket.length - 1] = point;
    else byBucket.push(point);
    lastBucket = bucket;
  }
  if (byBucket.length <= max) return byBucket;
  const first = byBucket[0]!.time;
  const span = byBucket.at(-1)!.time - first + 1;
  const sliced: T[] = [];
  let lastSlice = -1;
  for (const point of byBucket) {
    const slice = Math.min(max - 1, Math.floor(((point.time - first) / span) * max));
    if (slice === lastSlice) sliced[sliced.length - 1] = point;
    else sliced.push(point);
    lastSlice = slice;
  }
  return sliced;
}
