/** Calendar units that group moments: the chart's granularity and backfill's `--every` share them. */
export type CalendarUnit = "day" | "week" | "month";

/**
 * The one bucketing rule: the UTC bucket a moment (seconds since the epoch, git's unit) falls in,
 * `2026-03-04` (day), the Monday of its ISO week (week), `2026-03` (month). Strings sort in time order.
 */
export function bucketOf(epochSeconds: number, unit: CalendarUnit): string {
  const date = new Date(epochSeconds * 1000);
  switch (unit) {
    case "day":
      return date.toISOString().slice(0, 10);
    case "week": {
      const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - ((date.getUTCDay() + 6) % 7)));
      return monday.toISOString().slice(0, 10);
    }
    case "month":
      return date.toISOString().slice(0, 7);
  }
}
