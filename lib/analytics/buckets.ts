import { UTCDate } from "@date-fns/utc";
import { format, startOfISOWeek } from "date-fns";

/** Calendar units that group moments: the chart's granularity and backfill's `--every` share them. */
export type CalendarUnit = "day" | "week" | "month";

/**
 * The one bucketing rule: the UTC bucket a moment (seconds since the epoch, git's unit) falls in,
 * `2026-03-04` (day), the Monday of its ISO week (week), `2026-03` (month). Strings sort in time order.
 */
export function bucketOf(epochSeconds: number, unit: CalendarUnit): string {
  // A UTCDate reads and formats its fields in UTC, whatever the machine's time zone.
  const date = new UTCDate(epochSeconds * 1000);
  switch (unit) {
    case "day":
      return format(date, "yyyy-MM-dd");
    case "week":
      return format(startOfISOWeek(date), "yyyy-MM-dd");
    case "month":
      return format(date, "yyyy-MM");
  }
}
