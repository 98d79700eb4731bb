import { z } from "zod";
import { bucketOf } from "./buckets";
import { DAY_MS } from "./plan";

export * from "./view-params";
import {
  FORMATS,
  GRANULARITIES,
  RANGE_DAYS,
  RANGE_PRESETS,
  STACKS,
  type Granularity,
  type RangePreset,
  type TimelineParams,
} from "./view-params";

/** The API's strict version of the URL view state: a bad value is a 400 that names it. */
export const TimelineParamsSchema = z.strictObject({
  range: z.enum(RANGE_PRESETS).default("all"),
  granularity: z.enum(GRANULARITIES).default("scan"),
  stack: z.enum(STACKS).default("classification"),
  format: z.enum(FORMATS).default("json"),
}) satisfies z.ZodType<TimelineParams, unknown>;

export function rangeStart(preset: RangePreset, now: number): Date | null {
  return preset === "all" ? null : new Date(now - RANGE_DAYS[preset] * DAY_MS);
}

export const MAX_CHART_POINTS = 500;

/**
 * Keeps the newest point of each bucket (the state at the end of the day, week or month), then,
 * if still over `max`, the newest point of each of `max` equal time slices. Input is oldest first.
 */
export function downsample<T extends { time: number }>(points: T[], granularity: Granularity, max = MAX_CHART_POINTS): T[] {
  const byBucket: T[] = [];
  let lastBucket: string | number | null = null;
  for (const point of points) {
    // "scan" keeps every point; the others keep the newest point of each calendar bucket.
    const bucket = granularity === "scan" ? point.time : bucketOf(point.time / 1000, granularity);
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
