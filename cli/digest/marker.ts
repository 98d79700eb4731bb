/**
 * The hidden marker a digest comment carries, so a later run in the same ISO week finds and edits
 * it instead of adding another: `<!-- converge-digest project=engines week=2026-W49 -->`.
 */

const DAY_MS = 86_400_000;

/** The ISO 8601 week of an instant, in UTC: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: Date): string {
  const weekday = date.getUTCDay() || 7;
  // The Thursday of the same week decides the week's year (2021-01-03 is in 2020-W53).
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 4 - weekday));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** `>` is percent-encoded, so no slug can close the HTML comment early. */
function markerValue(slug: string): string {
  return encodeURIComponent(slug);
}

export function digestMarker(slug: string, week: string): string {
  return `<!-- converge-digest project=${markerValue(slug)} week=${week} -->`;
}

/** True when a comment is this project's digest of this week: its body opens with the marker. */
export function isDigestOf(body: string | null | undefined, slug: string, week: string): boolean {
  return (body ?? "").trimStart().startsWith(digestMarker(slug, week));
}
