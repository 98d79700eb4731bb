/** The view state that lives in the URL, zod-free so the client bundle can parse it too. */

import { FORMATS, GRANULARITIES, RANGE_PRESETS, STACKS } from "@/lib/contract/vocabulary";

export { FORMATS, GRANULARITIES, RANGE_PRESETS, STACKS };
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type Granularity = (typeof GRANULARITIES)[number];
export type StackBy = (typeof STACKS)[number];

/** How far back each range preset reaches, in days. */
export const RANGE_DAYS: Record<Exclude<RangePreset, "all">, number> = { "4w": 28, "12w": 84, "6m": 182, "1y": 365 };

export interface TimelineParams {
  range: RangePreset;
  granularity: Granularity;
  stack: StackBy;
  format: (typeof FORMATS)[number];
}

/** A value from a fixed list, or the fallback: page URLs never fail on a bad parameter. */
export function pickOne<T extends string>(value: string | string[] | undefined | null, allowed: readonly T[], fallback: T): T {
  const first = Array.isArray(value) ? value[0] : value;
  return allowed.find((option) => option === first) ?? fallback;
}

export function timelineParamsFromSearch(search: Record<string, string | string[] | undefined>): TimelineParams {
  return {
    range: pickOne(search.range, RANGE_PRESETS, "all"),
    granularity: pickOne(search.granularity, GRANULARITIES, "scan"),
    stack: pickOne(search.stack, STACKS, "classification"),
    format: "json",
  };
}
