import { RANGE_DAYS, RANGE_PRESETS, type RangePreset } from "@/lib/analytics/view-params";
import { formatDate } from "@/lib/format";

const DAY_MS = 86_400_000;

export const RANGE_WORDS: Record<RangePreset, string> = {
  "4w": "the last 4 weeks",
  "12w": "the last 12 weeks",
  "6m": "the last 6 months",
  "1y": "the last year",
  all: "all time",
};

export interface EmptyRangeNotice {
  /** "No scans in the last 4 weeks; the latest is from 18 Sept 2025." */
  message: string;
  /** The smallest range that shows the latest scan. */
  range: RangePreset;
}

/** The smallest preset whose window, read at `now`, still holds a scan dated `latest`. */
export function smallestRangeWith(latest: number, now: number): RangePreset {
  return RANGE_PRESETS.find((preset) => preset === "all" || now - RANGE_DAYS[preset] * DAY_MS <= latest) ?? "all";
}

/**
 * What to say when the selected range holds no scan although the project has some: an empty chart
 * says nothing, so name the range, the date of the latest scan, and the range that shows it.
 */
export function emptyRangeNotice(
  range: RangePreset,
  scansInRange: number,
  latestDate: string | null,
  now: number,
): EmptyRangeNotice | null {
  if (scansInRange > 0 || latestDate === null || range === "all") return null;
  const latest = Date.parse(latestDate);
  return {
    message: `No scans in ${RANGE_WORDS[range]}; the latest is from ${formatDate(latest)}.`,
    range: smallestRangeWith(latest, now),
  };
}
